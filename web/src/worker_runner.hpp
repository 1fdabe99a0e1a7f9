#pragma once
// The page's crawl runner: hands the runs to the crawl worker (crawlbench_worker.js) and replays
// the events it sends into the feed the UI reads. The page's frames can be slow (software WebGL):
// the worker's completions never wait for them.

#include <string>
#include <vector>

#include "crawlbench/ui/crawl_runner.hpp"

namespace crawlbench::web {

class worker_runner final : public ui::crawl_runner {
 public:
  // `origin`: this page's server, which "embedded" means on the web.
  explicit worker_runner(std::string origin);

  void start(std::vector<crawl_config> runs) override;
  // The CPU + I/O workload runs in the worker too, with the portable CPU task (web_runner).
  void start_mixed(ui::mixed_request request) override;
  void stop() override;
  [[nodiscard]] bool busy() const override { return busy_; }
  // The page's server's listeners (GET /origins, asked once at start-up), and the browser's cap.
  [[nodiscard]] std::vector<std::string> origins() const override { return origins_; }
  [[nodiscard]] std::size_t per_origin_cap() const override { return 6; }
  [[nodiscard]] std::string mixed_cpu_name(int cost) const override;
  [[nodiscard]] std::vector<mixed_mode> mixed_modes() const override;
  void set_origins(std::vector<std::string> origins) { origins_ = std::move(origins); }

  // A message from the worker (JSON text).
  void on_message(const std::string& text);

 private:
  // What start() and start_mixed() share, once their servers are named: the label, busy, and
  // the start message to the worker.
  void begin(std::string label, const std::string& message);
  void post(const std::string& text);

  std::string origin_;
  bool busy_ = false;
  bool ready_ = false;
  std::vector<std::string> waiting_;  // posted before the worker said it is ready
  std::vector<std::string> origins_;
};

}  // namespace crawlbench::web
