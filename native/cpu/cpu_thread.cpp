#include "cpu_thread.hpp"

#include <stdexcept>
#include <utility>

namespace crawlbench::native {

// Suspends next()'s coroutine until its job is finished, unless it already is.
struct cpu_thread::wait_for {
  cpu_thread& owner;
  job& work;
  bool await_ready() const noexcept { return false; }
  bool await_suspend(coro::coroutine_handle<> waiter) {
    const std::lock_guard lock{owner.mutex_};
    if (work.finished) return false;
    work.waiter = waiter;
    owner.sched_.expect_outside();
    return true;
  }
  void await_resume() const noexcept {}
};

cpu_thread::cpu_thread(scheduler& sched, cpu_task& cpu, stop_token stop)
    : sched_(sched), cpu_(cpu), stop_(std::move(stop)), thread_([this] { work(); }) {}

cpu_thread::~cpu_thread() {
  {
    const std::lock_guard lock{mutex_};
    quit_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void cpu_thread::submit(std::string item) {
  {
    const std::lock_guard lock{mutex_};
    submitted_.push_back(std::make_unique<job>(job{std::move(item), {}, {}, false, {}}));
  }
  wake_.notify_one();
}

task<cpu_offload::result> cpu_thread::next() {
  job* front = nullptr;
  {
    const std::lock_guard lock{mutex_};
    if (submitted_.empty()) throw std::logic_error("cpu_thread: next() with nothing submitted");
    front = submitted_.front().get();
  }
  co_await wait_for{*this, *front};
  std::unique_ptr<job> taken;
  {
    const std::lock_guard lock{mutex_};
    taken = std::move(submitted_.front());
    submitted_.pop_front();
    --started_;
  }
  if (taken->error) std::rethrow_exception(taken->error);
  co_return std::move(taken->done);
}

void cpu_thread::work() {
  const clock& time = sched_.time();
  for (;;) {
    job* next = nullptr;
    {
      std::unique_lock lock{mutex_};
      wake_.wait(lock, [this] { return quit_ || started_ < submitted_.size(); });
      if (quit_) return;
      next = submitted_[started_++].get();
    }
    // The job stays where it is: only next() removes it, and only once it is finished.
    next->done.started = time.now();
    if (stop_.stop_requested()) {
      next->done.skipped = true;
    } else {
      try {
        next->done.out = cpu_.run(next->item);
      } catch (...) {
        next->error = std::current_exception();
      }
    }
    next->done.ended = time.now();
    const std::lock_guard lock{mutex_};
    next->finished = true;
    if (next->waiter) sched_.post_from_outside(next->waiter);
  }
}

}  // namespace crawlbench::native
