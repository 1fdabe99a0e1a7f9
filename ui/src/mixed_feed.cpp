#include "crawlbench/ui/mixed_feed.hpp"

#include <utility>

namespace crawlbench::ui {

void mixed_feed::run_started(std::size_t run) {
  const std::lock_guard lock{mutex_};
  pending_.started.push_back({run, std::chrono::steady_clock::now()});
}

bool mixed_feed::run_starting(std::size_t run, mixed_mode mode, const stop_token& stop) {
  if (!stop.stop_requested()) {
    run_started(run);
    return true;
  }
  run_end end;
  end.run = run;
  end.result.mode = mode;
  end.failure = "not run: stopped";
  run_ended(std::move(end));
  return false;
}

void mixed_feed::segment(std::size_t run, const mixed_segment& s) {
  const std::lock_guard lock{mutex_};
  pending_.segments.push_back({run, s});
}

void mixed_feed::run_ended(run_end end) {
  end.result.segments.clear();
  end.result.segments.shrink_to_fit();
  const std::lock_guard lock{mutex_};
  pending_.ended.push_back(std::move(end));
}

void mixed_feed::all_done(std::string error) {
  const std::lock_guard lock{mutex_};
  pending_.all_done = true;
  pending_.error = std::move(error);
}

void mixed_feed::batch::clear() noexcept {
  started.clear();
  segments.clear();
  ended.clear();
  all_done = false;
  error.clear();
}

void mixed_feed::take(batch& into) {
  into.clear();
  const std::lock_guard lock{mutex_};
  std::swap(into, pending_);
}

}  // namespace crawlbench::ui
