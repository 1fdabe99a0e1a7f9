#pragma once
// A single-threaded scheduler: a FIFO ready queue and a timer heap. It owns no OS loop; whoever
// owns the loop (the native event loop, the browser's callbacks, the simulator) pumps it:
//
//   sched.run_ready();                 // resume everything runnable now, expired timers included
//   sched.next_deadline();             // when to call again if nothing else happens first
//
// Every member must be called on the loop owner's thread, except post_from_outside().

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <vector>

#include "crawlbench/clock.hpp"
#include "crawlbench/coroutine.hpp"

namespace crawlbench {

class scheduler {
 public:
  explicit scheduler(const clock& time_source);
  scheduler(const scheduler&) = delete;
  scheduler& operator=(const scheduler&) = delete;

  [[nodiscard]] const clock& time() const noexcept { return clock_; }
  [[nodiscard]] clock::time_point now() const noexcept { return clock_.now(); }

  // Queues `handle` to be resumed by the next run_ready(), after everything already queued.
  void post(coro::coroutine_handle<> handle) { ready_.push_back(handle); }

  // co_await sched.yield(): let every other ready coroutine run first; resumed by run_ready().
  [[nodiscard]] auto yield() noexcept {
    struct operation {
      scheduler& owner;
      bool await_ready() const noexcept { return false; }
      void await_suspend(coro::coroutine_handle<> h) { owner.post(h); }
      void await_resume() const noexcept {}
    };
    return operation{*this};
  }

  // co_await sched.sleep_until(t): resumed by the first run_ready() at or after t. Timers with
  // equal deadlines fire in the order they were set. A deadline already reached does not suspend.
  [[nodiscard]] auto sleep_until(clock::time_point deadline) noexcept {
    struct operation {
      scheduler& owner;
      clock::time_point deadline;
      bool await_ready() const noexcept { return deadline <= owner.now(); }
      void await_suspend(coro::coroutine_handle<> h) { owner.add_timer(deadline, h); }
      void await_resume() const noexcept {}
    };
    return operation{*this, deadline};
  }
  [[nodiscard]] auto sleep_for(clock::duration d) noexcept { return sleep_until(now() + d); }

  // Moves expired timers to the ready queue, then resumes the coroutines that were ready at that
  // moment; those made ready meanwhile wait for the next call, so a coroutine that keeps yielding
  // cannot starve the loop owner. Returns how many it resumed.
  std::size_t run_ready();

  // The earliest pending timer, or nothing when no timer is set.
  [[nodiscard]] std::optional<clock::time_point> next_deadline() const;

  [[nodiscard]] bool has_ready() const noexcept { return !ready_.empty(); }
  [[nodiscard]] std::size_t timer_count() const noexcept { return timers_.size(); }
  // Nothing ready, no timer and no work handed outside: only a transport callback can wake it.
  [[nodiscard]] bool idle() const noexcept { return ready_.empty() && timers_.empty() && outside_ == 0; }

  // Work done on another thread (a CPU thread) resumes its coroutine here. The coroutine that
  // hands work out calls expect_outside() first, on the loop's thread, so that the loop owner
  // knows to wait for it (awaiting_outside()); the other thread then calls post_from_outside(),
  // which queues the coroutine for a later run_ready() and calls the wake hook, so a loop owner
  // blocked waiting for sockets looks again.
  void expect_outside() noexcept { ++outside_; }
  [[nodiscard]] bool awaiting_outside() const noexcept { return outside_ != 0; }
  void post_from_outside(coro::coroutine_handle<> handle);
  // The loop owner's wake-up, called from the other thread under a lock (so that once set_wake({})
  // has returned it is never called again). Keep it short: an eventfd write.
  void set_wake(std::function<void()> wake);

 private:
  struct timer {
    clock::time_point deadline;
    std::uint64_t sequence;
    coro::coroutine_handle<> handle;
  };
  // std::push_heap keeps the greatest on top: "greater" means "fires later".
  static bool fires_later(const timer& a, const timer& b) noexcept {
    return a.deadline != b.deadline ? a.deadline > b.deadline : a.sequence > b.sequence;
  }
  void add_timer(clock::time_point deadline, coro::coroutine_handle<> handle);
  void expire_timers();
  void take_from_outside();

  const clock& clock_;
  // Two buffers swapped by run_ready(): posting during a run lands in the next batch, and once
  // their capacity has grown, scheduling allocates nothing.
  std::vector<coro::coroutine_handle<>> ready_;
  std::vector<coro::coroutine_handle<>> running_;
  std::vector<timer> timers_;
  std::uint64_t next_sequence_ = 0;

  std::size_t outside_ = 0;  // handed out, not yet taken back (the loop's thread only)
  std::atomic<bool> posted_from_outside_{false};
  std::mutex outside_mutex_;  // guards from_outside_ and wake_
  std::vector<coro::coroutine_handle<>> from_outside_;
  std::function<void()> wake_;
};

}  // namespace crawlbench
