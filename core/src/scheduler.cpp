#include "crawlbench/scheduler.hpp"

#include <algorithm>
#include <utility>

namespace crawlbench {

namespace {
// Enough that a small crawl never grows the queues while it runs.
constexpr std::size_t initial_capacity = 256;
}  // namespace

scheduler::scheduler(const clock& time_source) : clock_(time_source) {
  ready_.reserve(initial_capacity);
  running_.reserve(initial_capacity);
  timers_.reserve(initial_capacity);
}

void scheduler::add_timer(clock::time_point deadline, coro::coroutine_handle<> handle) {
  timers_.push_back(timer{deadline, next_sequence_++, handle});
  std::push_heap(timers_.begin(), timers_.end(), fires_later);
}

void scheduler::expire_timers() {
  const auto now = clock_.now();
  while (!timers_.empty() && timers_.front().deadline <= now) {
    std::pop_heap(timers_.begin(), timers_.end(), fires_later);
    ready_.push_back(timers_.back().handle);
    timers_.pop_back();
  }
}

void scheduler::post_from_outside(coro::coroutine_handle<> handle) {
  const std::lock_guard lock{outside_mutex_};
  from_outside_.push_back(handle);
  posted_from_outside_.store(true, std::memory_order_release);
  if (wake_) wake_();
}

void scheduler::set_wake(std::function<void()> wake) {
  const std::lock_guard lock{outside_mutex_};
  wake_ = std::move(wake);
}

void scheduler::take_from_outside() {
  if (!posted_from_outside_.load(std::memory_order_acquire)) return;
  const std::lock_guard lock{outside_mutex_};
  for (const auto handle : from_outside_) ready_.push_back(handle);
  outside_ -= from_outside_.size();
  from_outside_.clear();
  posted_from_outside_.store(false, std::memory_order_relaxed);
}

std::size_t scheduler::run_ready() {
  take_from_outside();
  expire_timers();
  running_.swap(ready_);
  const std::size_t batch = running_.size();
  for (std::size_t i = 0; i < batch; ++i) running_[i].resume();
  running_.clear();
  return batch;
}

std::optional<clock::time_point> scheduler::next_deadline() const {
  if (timers_.empty()) return std::nullopt;
  return timers_.front().deadline;
}

}  // namespace crawlbench
