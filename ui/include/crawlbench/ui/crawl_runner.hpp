#pragma once
// Runs crawls and the CPU + I/O workload for the UI somewhere that does not block it: a thread
// natively, the browser's event loop (or its worker) on the web. The two kinds run alike: a list
// of runs one after another, each reported in its feed as started and ended (or not run after a
// Stop), then all_done. Every method is called from the UI's thread.

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "crawlbench/crawl.hpp"
#include "crawlbench/mixed.hpp"
#include "crawlbench/ui/crawl_feed.hpp"
#include "crawlbench/ui/mixed_feed.hpp"
#include "crawlbench/ui/mixed_request.hpp"

namespace crawlbench::ui {

class crawl_runner {
 public:
  virtual ~crawl_runner() = default;
  // Crawls `runs` one after another, their news in crawl_news(). A config whose server is
  // embedded crawls a delay server of the runner's own, which the runner starts (natively a child
  // process; the page's own server on the web) and names in the config once
  // (server_target::started_at); if it cannot, crawl_news() ends at once with the error.
  virtual void start(std::vector<crawl_config> runs) = 0;
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
  [[nodiscard]] std::string server_label() const { return label_; }

  // Every listener of the embedded server, the first being the one crawled by default: a browser
  // spreads requests over them (crawl_config::mirrors). Empty where that does not matter.
  [[nodiscard]] virtual std::vector<std::string> origins() const { return {}; }
  // Connections a browser allows per origin; 0: no such cap (native).
  [[nodiscard]] virtual std::size_t per_origin_cap() const { return 0; }
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

}  // namespace crawlbench::ui
