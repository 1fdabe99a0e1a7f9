#pragma once
// Where a run's requests go, resolved once where the user's choice enters (the CLI's --server and
// --transport, the GUI's and the page's run panel, a share link) and carried by every crawl and
// CPU + I/O configuration:
//   embedded   the delay server crawlbench starts itself (natively a child process, on the web
//              the page's own server); it has no URL until the runner that starts the server
//              gives it one (started_at), and nothing stands in for that URL meanwhile;
//   url        a delay server at a base URL, checked by check() (http_url.hpp);
//   simulated  core's simulated server (simulated_transport.hpp), in virtual time;
//   url_list   the user's own URLs (url_list.hpp), any mix of hosts and ports: request i fetches
//              urls[i]. Nothing to start; no base URL (request_url in crawl.hpp gives each
//              request's); the CPU + I/O workload and mirrors (origins) refuse it. Runs share one
//              copy: a plan's runs copy the target, never its URLs.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "crawlbench/expected.hpp"
#include "crawlbench/simulation_options.hpp"

namespace crawlbench {

// The simulated transport serves the path and ignores the host: this is the base its URLs get.
inline constexpr std::string_view simulated_base_url = "http://sim";

struct embedded_target {
  std::string url;  // "http://127.0.0.1:PORT" once its server is started; empty before
  friend bool operator==(const embedded_target&, const embedded_target&) = default;
};
struct url_target {
  std::string base;  // "http://host:port[/path]": no query or fragment (check_server_url)
  friend bool operator==(const url_target&, const url_target&) = default;
};
struct simulated_target {
  simulation_options options;  // the simulated server's knobs
  friend bool operator==(const simulated_target&, const simulated_target&) = default;
};
struct url_list_target {
  std::vector<std::string> urls;  // absolute http(s) URLs (check_list_url); request i fetches urls[i]
  friend bool operator==(const url_list_target&, const url_list_target&) = default;
};

namespace detail {
// A url_list target as server_target keeps it: the list, and what is known of it, worked out once.
struct url_list_state {
  url_list_target list;
  std::string problem;                          // check()'s message; empty when every URL is fine
  std::optional<std::int64_t> common_delay_ms;  // list_delay_ms()
};
}  // namespace detail

class server_target {
 public:
  server_target() = default;  // embedded, not started
  // From one alternative: `config.server = simulated_target{};`.
  server_target(embedded_target t) : where_(std::move(t)) {}
  server_target(url_target t) : where_(std::move(t)) {}
  server_target(simulated_target t) : where_(std::move(t)) {}
  // Checks every URL and reads each /add URL's delay, once: O(number of URLs).
  server_target(url_list_target t);

  [[nodiscard]] bool is_embedded() const noexcept { return std::holds_alternative<embedded_target>(where_); }
  [[nodiscard]] bool is_simulated() const noexcept { return std::holds_alternative<simulated_target>(where_); }
  [[nodiscard]] bool is_url_list() const noexcept { return url_list() != nullptr; }
  // The simulator's knobs of a simulated target; null for the others.
  [[nodiscard]] const simulation_options* simulation() const noexcept {
    const auto* simulated = std::get_if<simulated_target>(&where_);
    return simulated ? &simulated->options : nullptr;
  }
  // The URLs of a url_list target; null for the others.
  [[nodiscard]] const url_list_target* url_list() const noexcept {
    const auto* list = std::get_if<std::shared_ptr<const detail::url_list_state>>(&where_);
    return list ? &(*list)->list : nullptr;
  }
  // A url_list target whose every URL is a delay server's /add URL asking the same delay
  // (add_url_delay_ms): that delay, ms, the floor of each request. Nothing otherwise (other
  // URLs, or /add URLs of different delays: the floor is then estimated from the run).
  [[nodiscard]] std::optional<std::int64_t> list_delay_ms() const noexcept;
  // False only for an embedded target whose server was not started yet: it cannot be fetched from.
  [[nodiscard]] bool started() const noexcept;

  // The base URL requests are built on: a url target's, a started embedded server's, or
  // simulated_base_url. Throws std::logic_error for an embedded target not started (a runner
  // must start it first) and for a url_list target (it has none; request_url(config, i) in
  // crawl.hpp gives each request's URL): broken invariants, not a user's mistake.
  [[nodiscard]] std::string base_url() const;
  // This target with its embedded server started at `url`; any other target is returned as it is.
  [[nodiscard]] server_target started_at(std::string url) const;
  // What is wrong with a url target's URL (check_server_url's message) or a url_list target
  // (empty, too long, or its first bad URL: "URL 3 of 5: ..."), or nothing; the other
  // alternatives are always well formed.
  [[nodiscard]] expected<void> check() const;

  // For labels: "embedded" (not started), "http://127.0.0.1:40123 (embedded)", the URL,
  // "simulated" with the knobs that are not zero ("simulated (round trip 2 ms, server limit 10)"),
  // or "3 URLs on http://a:1, http://b:2" (a list: its origins only, at most 3 named, never a
  // path or query, which may hold tokens). `embedded_name` is what the embedded server is called
  // where it runs (the web: "this page's server").
  [[nodiscard]] std::string describe(std::string_view embedded_name = "embedded") const;
  // The text of a share link's "server" field and of --server: the URL of a url target; empty
  // for the others (whoever opens the link starts a server of its own; a link does not carry a
  // list's URLs: docs/share-links.md).
  [[nodiscard]] std::string link_text() const;

  // Lists compare by their URLs.
  friend bool operator==(const server_target& a, const server_target& b);

 private:
  std::variant<embedded_target, url_target, simulated_target, std::shared_ptr<const detail::url_list_state>> where_;
};

// The target a user's text names: empty is the embedded server, anything else a delay server's
// base URL, checked (check_server_url). The target, or the message naming what is wrong.
[[nodiscard]] expected<server_target> parse_server_target(std::string_view text);

}  // namespace crawlbench
