#pragma once
// Runs crawls and the CPU + I/O workload for the UI somewhere that does not block it: a thread
// natively, the browser's event loop (or its worker) on the web. The two kinds run alike: a list
// of runs one after another, each reported in its feed as started and ended (or not run after a
// Stop), then all_done. Every method is called from the UI's thread.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "crawlbench/crawl.hpp"
#include "crawlbench/mixed.hpp"
#include "crawlbench/ui/crawl_feed.hpp"
#include "crawlbench/ui/mixed_feed.hpp"
#include "crawlbench/ui/mixed_request.hpp"

namespace crawlbench::ui {

// How a runner's error begins when the server named by URL could not be reached at all (the page's
// probe of its /origins): the app then offers the simulator.
inline constexpr std::string_view unreachable_server = "cannot reach the delay server";

class crawl_runner {
 public:
  virtual ~crawl_runner() = default;
  // Crawls `runs` one after another, their news in crawl_news(). A config whose server is
  // embedded crawls a delay server of the runner's own, which the runner starts (natively a child
  // process; the page's own server on the web) and names in the config once
  // (server_target::started_at); a simulated one, the simulator in virtual time. Each run is
  // spread over `origins` of its server's listeners (spread_over): the embedded server's
  // origins(), or a URL server's /origins, which the page asks before it crawls. If the server
  // cannot be started or reached, or offers fewer origins, crawl_news() ends at once with why.
  virtual void start(std::vector<crawl_config> runs, std::size_t origins = 1) = 0;
  // The CPU + I/O workload (mixed.hpp): mixed_runs(request) one after another, their news in
  // mixed_news(); its server as start()'s.
  virtual void start_mixed(mixed_request request) = 0;
  // Stops what runs: in-flight requests are cancelled, later ones not sent, later runs not run.
  virtual void stop() = 0;
  // A start() or start_mixed() has not yet ended. Both are ignored meanwhile.
  [[nodiscard]] virtual bool busy() const = 0;

  [[nodiscard]] crawl_feed& crawl_news() noexcept { return crawl_news_; }
  [[nodiscard]] mixed_feed& mixed_news() noexcept { return mixed_news_; }
  // The server the last start crawled, for display: "http://127.0.0.1:40123 (embedded)".
  // What the embedded server is called here: "embedded" natively, "this page's server" on the web.
  [[nodiscard]] virtual std::string embedded_name() const { return "embedded"; }
  // What a share link of runs crawled on `crawled` records (share_link.hpp): natively an embedded
  // server is the opener's own (its port dies with the run); the page's own server has a URL that
  // a page elsewhere can crawl too.
  [[nodiscard]] virtual server_target shared_as(const server_target& crawled) const {
    return crawled.is_embedded() ? server_target{} : crawled;
  }
  // Whether there is an embedded server to crawl: natively always (the runner starts one); on the
  // web, whether the page's origin answered /origins; nothing while that is not known yet.
  [[nodiscard]] virtual std::optional<bool> embedded_available() const { return true; }
  [[nodiscard]] std::string server_label() const { return label_; }

  // Every listener of the embedded server, the first being the one crawled by default: a browser
  // spreads requests over them (crawl_config::mirrors). Empty where that does not matter.
  [[nodiscard]] virtual std::vector<std::string> origins() const { return {}; }
  // Connections a browser allows per origin; 0: no such cap (native).
  [[nodiscard]] virtual std::size_t per_origin_cap() const { return 0; }
  // What a failure kind (to_string(outcome)) means where this runner crawls, for the run panel's
  // failure lines and a request's tooltip: natively its name; the page's fetch gets no response
  // without saying why, so there a transport_error is "blocked (CORS, or unreachable)".
  [[nodiscard]] virtual std::string failure_words(std::string_view kind) const { return std::string(kind); }
  // The HTTP clients this runner crawls a real server with, its default first (natively "curl",
  // "asio"); none when it has only one (the page's fetch). The run panel offers a choice when
  // there are two or more; the simulator is a client of its own, which the choice leaves alone.
  [[nodiscard]] virtual std::vector<std::string> http_clients() const { return {}; }
  // The one the next start() and start_mixed() use (a result's transport); empty with no choice.
  [[nodiscard]] virtual std::string http_client() const { return {}; }
  // Makes `name`, one of http_clients(), the one used from the next start on; any other ignored.
  virtual void choose_http_client(std::string_view /*name*/) {}
  // What a client is, for the panel's tooltip: "libcurl: http and https".
  [[nodiscard]] virtual std::string http_client_words(std::string_view name) const { return std::string(name); }
  // The CPU work at `cost`, for the UI: "bcrypt cost 8".
  [[nodiscard]] virtual std::string mixed_cpu_name(int cost) const = 0;
  // The CPU + I/O modes this runner offers (threaded needs a second thread).
  [[nodiscard]] virtual std::vector<mixed_mode> mixed_modes() const { return {all_mixed_modes.begin(), all_mixed_modes.end()}; }

 protected:
  void set_server_label(std::string label) { label_ = std::move(label); }

 private:
  crawl_feed crawl_news_;
  mixed_feed mixed_news_;
  std::string label_;
};

// Spreads each run over the first `origins` of `listeners` (crawl_config::mirrors: request i goes
// to listener i mod origins; `listeners[0]` is the server's own URL). Success, or "origins: the
// server offers K (start crawlbench-server with --extra-ports N)" when it offers fewer, or
// "origins: a URL list names its own servers" for a url_list target (more than one origin asked).
[[nodiscard]] expected<void> spread_over(std::vector<crawl_config>& runs, const std::vector<std::string>& listeners,
                                         std::size_t origins);

}  // namespace crawlbench::ui
