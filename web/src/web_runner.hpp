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
#include "crawlbench/portable_cpu.hpp"
#include "crawlbench/scheduler.hpp"
#include "crawlbench/ui/crawl_runner.hpp"
#include "fetch_transport.hpp"

namespace crawlbench::web {

class web_runner final : public ui::crawl_runner {
 public:
  // `origin`: this page's server, which "embedded" means on the web.
  explicit web_runner(std::string origin);
  ~web_runner() override;

  // `runs` come from the page with their mirrors set: `origins` is not used here.
  void start(std::vector<crawl_config> runs, std::size_t origins = 1) override;
  // The CPU + I/O workload with the portable CPU task (calibrated on first use of each cost).
  // The CPU work holds this thread as bcrypt holds Python's: the loop runs only between items,
  // and yielding goes back to the browser's event loop so that answers are delivered then.
  void start_mixed(ui::mixed_request request) override;
  void stop() override;
  [[nodiscard]] bool busy() const override { return busy_; }
  [[nodiscard]] std::string mixed_cpu_name(int cost) const override;
  // No threaded mode: a second thread here would be a second worker.
  [[nodiscard]] std::vector<mixed_mode> mixed_modes() const override;

  // The browser ran the task pump() queued to yield to it (web_runner.cpp's post_immediate).
  void on_immediate();

 private:
  // What start() and start_mixed() share: nothing while busy; `runs`' embedded server named as
  // this page's; the label; then run_each() as the root coroutine, with a fresh stop_source for
  // stop(). `yield_to_browser`: one turn per pump (pump()).
  template <typename Feed, typename Config, typename Body>
  void begin(Feed& feed, std::vector<Config> runs, Body body, bool yield_to_browser);
  // Each run reported to `feed` as started and ended, `co_await body(config, end, stop)` filling
  // the end (what it throws becomes the end's failure), or as not run after a Stop; then
  // all_done, then not busy.
  template <typename Feed, typename Config, typename Body>
  task<void> run_each(Feed& feed, std::vector<Config> runs, Body body, stop_token stop);
  // One run of each kind (the bodies), on this thread's scheduler.
  task<void> crawl_one(const crawl_config& config, ui::crawl_run_end& end, stop_token stop);
  // A simulated server's run (simulated_run), in slices of simulation_slice of real time between
  // turns of the browser's loop.
  task<void> simulate_one(const crawl_config& config, ui::crawl_run_end& end, stop_token stop);
  static constexpr clock::duration simulation_slice = std::chrono::milliseconds(20);
  static constexpr std::size_t simulation_turns = 256;  // between looks at the real clock
  static constexpr std::size_t simulated_live_events_up_to = 100'000;  // requests in a run
  task<void> mix_one(const mixed_config& config, portable_cpu_task& cpu, ui::mixed_run_end& end, stop_token stop);

  void pump();  // runs what is ready, then arms a timer for the next deadline
  static void on_timer(void* self);

  std::string origin_;
  real_clock clock_;
  scheduler sched_{clock_};
  fetch_transport transport_;
  stop_source stop_;  // replaced by each start, requested by stop()
  bool busy_ = false;
  bool pumping_ = false;
  long timer_ = 0;  // emscripten timeout id; 0: none
  bool immediate_pending_ = false;  // a task to pump is queued in the browser's event loop
  bool yield_to_browser_ = false;  // the CPU + I/O workload runs: one turn per pump
  std::map<int, std::uint64_t> rounds_for_cost_;  // the portable task's calibration
  std::unique_ptr<crawlbench::detail::root<void>> root_;
};

}  // namespace crawlbench::web
