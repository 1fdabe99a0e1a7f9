#include "crawlbench/ui/crawl_feed.hpp"

#include <utility>

namespace crawlbench::ui {

void crawl_feed::run_started(std::size_t run) {
  const std::lock_guard lock{mutex_};
  pending_.started.push_back({run, std::chrono::steady_clock::now()});
}

bool crawl_feed::run_starting(std::size_t run, const stop_token& stop) {
  if (!stop.stop_requested()) {
    run_started(run);
    return true;
  }
  run_end end;
  end.run = run;
  end.failure = "not run: stopped";
  run_ended(std::move(end));
  return false;
}

void crawl_feed::issued(std::size_t run, std::size_t index, clock::duration at) {
  request_event e;
  e.run = static_cast<std::uint32_t>(run);
  e.index = static_cast<std::uint32_t>(index);
  e.s.started = at;
  const std::lock_guard lock{mutex_};
  pending_.requests.push_back(e);
}

void crawl_feed::finished(std::size_t run, std::size_t index, const span& s) {
  request_event e;
  e.run = static_cast<std::uint32_t>(run);
  e.index = static_cast<std::uint32_t>(index);
  e.finished = true;
  e.s = s;
  const std::lock_guard lock{mutex_};
  pending_.requests.push_back(e);
}

void crawl_feed::run_ended(run_end end) {
  const std::lock_guard lock{mutex_};
  pending_.ended.push_back(std::move(end));
}

void crawl_feed::all_done(std::string error) {
  const std::lock_guard lock{mutex_};
  pending_.all_done = true;
  pending_.error = std::move(error);
}

void crawl_feed::batch::clear() noexcept {
  started.clear();
  requests.clear();
  ended.clear();
  all_done = false;
  error.clear();
}

void crawl_feed::take(batch& into) {
  into.clear();
  const std::lock_guard lock{mutex_};
  std::swap(into, pending_);
}

}  // namespace crawlbench::ui
