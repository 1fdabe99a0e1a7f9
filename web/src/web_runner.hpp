#pragma once
// The web UI's crawl runner: the crawl runs on the browser's one thread, driven by fetch
// completions and timers, not by frames. Each completion pumps the scheduler at once; a timer
// (emscripten_set_timeout) wakes it for the scheduler's next deadline. Frames only read the feed.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "crawlbench/detail/root.hpp"
#include "crawlbench/scheduler.hpp"
#include "crawlbench/ui/crawl_feed.hpp"
#include "fetch_transport.hpp"

namespace crawlbench::web {

class web_runner final : public ui::crawl_runner {
 public:
  // `origin`: this page's server, which "embedded" means on the web.
  explicit web_runner(std::string origin);
  ~web_runner() override;

  void start(std::vector<crawl_config> runs) override;
  void stop() override;
  [[nodiscard]] bool busy() const override { return busy_; }
  [[nodiscard]] ui::crawl_feed& feed() override { return feed_; }
  [[nodiscard]] std::string server_label() const override { return label_; }

  // The CPU + I/O workload with the portable CPU task (calibrated on first use of each cost).
  // The CPU work holds this thread as bcrypt holds Python's: the loop runs only between items,
  // and yielding goes back to the browser's event loop so that answers are delivered then.
  void start_mixed(ui::mixed_request request) override;
  [[nodiscard]] std::string mixed_cpu_name(int cost) const override;
  // No threaded mode: a second thread here would be a second worker.
  [[nodiscard]] std::vector<mixed_mode> mixed_modes() const override;

  // The browser ran the task pump() queued to yield to it (web_runner.cpp's post_immediate).
  void on_immediate();

 private:
  task<void> crawl(std::vector<crawl_config> runs, stop_token stop);
  task<void> work_mixed(ui::mixed_request request, stop_token stop);

  void pump();  // runs what is ready, then arms a timer for the next deadline
  static void on_timer(void* self);

  std::string origin_;
  real_clock clock_;
  scheduler sched_{clock_};
  fetch_transport transport_;
  ui::crawl_feed feed_;
  stop_source stop_;  // replaced by each start, requested by stop()
  bool busy_ = false;
  bool pumping_ = false;
  long timer_ = 0;  // emscripten timeout id; 0: none
  bool immediate_pending_ = false;  // a task to pump is queued in the browser's event loop
  bool yield_to_browser_ = false;  // the CPU + I/O workload runs: one turn per pump
  std::map<int, std::uint64_t> rounds_for_cost_;  // the portable task's calibration
  std::unique_ptr<crawlbench::detail::root<void>> root_;
  std::string label_;
};

}  // namespace crawlbench::web
