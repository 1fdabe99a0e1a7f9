#pragma once
// What a running CPU + I/O workload (mixed.hpp) tells the UI: modes started and ended, and each
// CPU or I/O segment as it ends. Like crawl_feed: the workload's thread pushes under a mutex held
// for one push_back, the UI swaps everything out once a frame.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <vector>

#include "crawlbench/mixed.hpp"
#include "crawlbench/stop.hpp"

namespace crawlbench::ui {

// What the UI asks a runner for: these modes one after another, each with `base` (its mode
// replaced), the CPU work at `cost` (bcrypt's natively; see crawl_runner::mixed_cpu_name()).
struct mixed_request {
  std::vector<mixed_mode> modes;
  mixed_config base;
  int cost = 8;
};

class mixed_feed {
 public:
  struct segment_event {
    std::size_t run = 0;  // the index in mixed_request::modes
    mixed_segment s;
  };
  struct run_start {
    std::size_t run = 0;
    std::chrono::steady_clock::time_point at;
  };
  struct run_end {
    std::size_t run = 0;
    mixed_result result;  // its segments left out: they came as segment events
    std::string failure;  // the mode could not be run at all; else empty
  };
  struct batch {
    std::vector<run_start> started;
    std::vector<segment_event> segments;
    std::vector<run_end> ended;
    bool all_done = false;
    std::string error;  // the workload could not start (e.g. the embedded server did not)

    void clear() noexcept;  // empties it, keeping the vectors' capacity
  };

  // The workload's side.
  void run_started(std::size_t run);
  // Before run `run` (of `mode`): after a Stop, reports it as not run and says false; else
  // run_started().
  [[nodiscard]] bool run_starting(std::size_t run, mixed_mode mode, const stop_token& stop);
  void segment(std::size_t run, const mixed_segment& s);
  void run_ended(run_end end);  // drops end.result.segments
  void all_done(std::string error = {});

  // The UI's side: everything since the last call, swapped into `into` (cleared first).
  void take(batch& into);

 private:
  std::mutex mutex_;
  batch pending_;
};

// Hands one mode's segments to the feed, and the user's Stop to the workload.
class mixed_feed_observer final : public mixed_observer {
 public:
  mixed_feed_observer(mixed_feed& feed, std::size_t run) noexcept : feed_(feed), run_(run) {}
  void on_segment(const mixed_segment& s) override { feed_.segment(run_, s); }

 private:
  mixed_feed& feed_;
  std::size_t run_;
};

}  // namespace crawlbench::ui
