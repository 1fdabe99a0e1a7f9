#pragma once
// The threaded mode's CPU thread: a std::thread that works through a cpu_task's items, in the
// order submitted, while the loop's thread goes on with the I/O. A coroutine waiting in next() is
// handed back through scheduler::post_from_outside(), which wakes the loop (run_on sets the
// wake hook).
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "crawlbench/clock.hpp"
#include "crawlbench/coroutine.hpp"
#include "crawlbench/mixed.hpp"
#include "crawlbench/scheduler.hpp"
#include "crawlbench/stop.hpp"

namespace crawlbench::native {

class cpu_thread final : public cpu_offload {
 public:
  // `cpu` is used on the new thread only, from now until this is destroyed. Once `stop` is
  // requested, items not yet begun are skipped (result::skipped), so a Stop waits for the item at
  // hand at most.
  cpu_thread(scheduler& sched, cpu_task& cpu, stop_token stop = {});
  ~cpu_thread() override;  // finishes the item at hand, drops the rest, joins
  cpu_thread(const cpu_thread&) = delete;
  cpu_thread& operator=(const cpu_thread&) = delete;

  void submit(std::string item) override;
  [[nodiscard]] task<result> next() override;

 private:
  struct job {
    std::string item;
    result done;
    std::exception_ptr error;
    bool finished = false;
    coro::coroutine_handle<> waiter;  // next() waiting for it, if any
  };
  struct wait_for;

  void work();  // the thread

  scheduler& sched_;
  cpu_task& cpu_;
  stop_token stop_;
  std::mutex mutex_;  // guards everything below but thread_
  std::condition_variable wake_;
  std::deque<std::unique_ptr<job>> submitted_;  // not yet taken by next(), oldest first
  std::size_t started_ = 0;                     // how many of submitted_ the thread has begun
  bool quit_ = false;
  std::thread thread_;  // last: starts once the rest is ready
};

}  // namespace crawlbench::native
