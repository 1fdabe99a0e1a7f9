#pragma once
// The run panel's delay-server choice as the user edits it (a radio button, a URL being typed, the
// simulator's knobs, a URL list pasted or loaded), and the server_target it names, resolved when
// Run is pressed (core/include/crawlbench/target.hpp).
#include <cstddef>
#include <string>

#include "crawlbench/target.hpp"
#include "crawlbench/ui/url_list_field.hpp"

namespace crawlbench::ui {

struct server_field {
  enum class kind { embedded, url, simulated, url_list };
  kind chosen = kind::embedded;
  std::string url = "http://127.0.0.1:8082";  // kept while another kind is chosen
  // The simulator's knobs as typed: ms, and requests at once (0: no limit). The seed is kept from
  // the target shown (a share link's), so Run again simulates the same jitter.
  double round_trip_ms = 0, connect_ms = 0, jitter_ms = 0, tls_cpu_ms = 0;
  std::size_t server_limit = 0;
  std::size_t tls_round_trips = 0;  // 0: plain HTTP
  std::uint64_t seed = 1;
  url_list_field list;  // the URLs of the url_list kind, kept while another kind is chosen

  // Shows `target`: its kind, its URL, its knobs or its list (a share link's comes empty: the
  // field says why, url_list_field::note).
  void show(const server_target& target);
  // The target chosen, or "server: " and what is wrong with the URL, or what is wrong with the
  // list ("pasted:3: ...", url_list_field::target). The knobs' ranges are validate(crawl_config)'s
  // (check_simulation).
  [[nodiscard]] expected<server_target> target() const;
};

}  // namespace crawlbench::ui
