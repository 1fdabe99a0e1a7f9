#pragma once
// What a running crawl or CPU + I/O workload tells the UI: runs started, the runs' events as they
// happen (a crawl's requests issued and finished, the workload's CPU and I/O segments), runs
// ended, and the end of it all. The running side pushes (a mutex held for one push_back), the UI
// takes everything once a frame (the mutex held for a swap), so the UI never blocks the run for
// longer than that. On the web both sides are on the one thread and the mutex costs nothing.
//
// Event: anything copyable (crawl_feed.hpp's request_event, mixed_feed.hpp's segment_event).
// End: default-constructible, with `std::size_t run` and `std::string failure` (empty: the run was
// carried out, and its other fields hold its result). An End with `drop_events()` has it called
// by run_ended(): what already came as events does not travel twice (mixed_run_end's segments).

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "crawlbench/stop.hpp"

namespace crawlbench::ui {

// What a run that was never started (Stop came first) ends with, in End::failure.
inline constexpr const char* not_run_stopped = "not run: stopped";

template <typename Event, typename End>
class run_feed {
 public:
  using event = Event;
  using run_end = End;
  struct run_start {
    std::size_t run = 0;
    std::chrono::steady_clock::time_point at;
  };
  struct batch {
    std::vector<run_start> started;
    std::vector<Event> events;
    std::vector<End> ended;
    bool all_done = false;
    std::string error;  // the whole thing could not start (e.g. the embedded server did not)

    // Empties it, keeping the vectors' capacity.
    void clear() noexcept {
      started.clear();
      events.clear();
      ended.clear();
      all_done = false;
      error.clear();
    }
    // Nothing to tell: no start, event or end, and not all done.
    [[nodiscard]] bool empty() const noexcept { return started.empty() && events.empty() && ended.empty() && !all_done; }
  };

  // The running side. Run `run` started now (steady_clock).
  void run_started(std::size_t run) {
    const std::lock_guard lock{mutex_};
    pending_.started.push_back({run, std::chrono::steady_clock::now()});
  }
  // Before run `run`: after a Stop, ends it as not run (an End with only `run` and `failure` =
  // not_run_stopped) and says false; else run_started() and true.
  [[nodiscard]] bool run_starting(std::size_t run, const stop_token& stop) {
    if (!stop.stop_requested()) {
      run_started(run);
      return true;
    }
    End end;
    end.run = run;
    end.failure = not_run_stopped;
    run_ended(std::move(end));
    return false;
  }
  void push(const Event& e) {
    const std::lock_guard lock{mutex_};
    pending_.events.push_back(e);
  }
  void run_ended(End end) {
    if constexpr (requires { end.drop_events(); }) end.drop_events();
    const std::lock_guard lock{mutex_};
    pending_.ended.push_back(std::move(end));
  }
  // Nothing more comes; `error` says why nothing ran at all (empty: the runs ran, or were stopped).
  void all_done(std::string error = {}) {
    const std::lock_guard lock{mutex_};
    pending_.all_done = true;
    pending_.error = std::move(error);
  }

  // The UI's side: everything since the last call, swapped into `into` (cleared first). Passing
  // the same batch every frame ping-pongs two sets of vectors: no allocation once they are big
  // enough.
  void take(batch& into) {
    into.clear();
    const std::lock_guard lock{mutex_};
    std::swap(into, pending_);
  }

 private:
  std::mutex mutex_;
  batch pending_;
};

}  // namespace crawlbench::ui
