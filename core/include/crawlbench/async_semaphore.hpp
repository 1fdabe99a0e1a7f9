#pragma once
// An async counting semaphore, the `asyncio.Semaphore` / `gevent.lock.Semaphore` of the book:
//
//   auto permit = co_await semaphore.acquire();   // `async with semaphore:`
//
// Waiters queue FIFO through their own awaiter objects (intrusive list: waiting allocates
// nothing). release() hands the permit straight to the oldest waiter, so a newcomer can never
// overtake it; that waiter is resumed by the scheduler's next run_ready(), never inside release().
//
// Stop (libcoro's semaphore shutdown()): shutdown(), or a release() after the stop_token given at
// construction was requested, resumes every waiter with an empty permit (owns() is false); from
// then on acquire() completes at once, also with an empty permit. A waiter holding nothing goes on
// to its stop check (crawl_session::fetch records it as cancelled without sending).

#include <cstddef>
#include <optional>
#include <utility>

#include "crawlbench/coroutine.hpp"
#include "crawlbench/scheduler.hpp"
#include "crawlbench/stop.hpp"

namespace crawlbench {

class async_semaphore {
 public:
  // Owns one permit until destroyed or moved from; releasing it may wake a waiter.
  class [[nodiscard]] permit {
   public:
    permit() noexcept = default;
    permit(permit&& other) noexcept : owner_(std::exchange(other.owner_, nullptr)) {}
    permit& operator=(permit&& other) noexcept {
      if (this != &other) {
        reset();
        owner_ = std::exchange(other.owner_, nullptr);
      }
      return *this;
    }
    permit(const permit&) = delete;
    permit& operator=(const permit&) = delete;
    ~permit() { reset(); }

    [[nodiscard]] bool owns() const noexcept { return owner_ != nullptr; }
    void reset() noexcept {
      if (owner_) std::exchange(owner_, nullptr)->release();
    }

   private:
    friend class async_semaphore;
    explicit permit(async_semaphore* owner) noexcept : owner_(owner) {}
    async_semaphore* owner_ = nullptr;
  };

  class acquire_operation {
   public:
    explicit acquire_operation(async_semaphore& owner) noexcept : owner_(owner) {}
    acquire_operation(const acquire_operation&) = delete;
    acquire_operation& operator=(const acquire_operation&) = delete;

    bool await_ready() noexcept {
      granted_ = owner_.try_take();
      return granted_ || owner_.stopping();
    }
    void await_suspend(coro::coroutine_handle<> waiter) noexcept {
      waiter_ = waiter;
      owner_.enqueue(this);
    }
    permit await_resume() const noexcept { return granted_ ? permit{&owner_} : permit{}; }

   private:
    friend class async_semaphore;
    async_semaphore& owner_;
    acquire_operation* next_ = nullptr;
    coro::coroutine_handle<> waiter_;
    bool granted_ = false;
  };

  async_semaphore(scheduler& sched, std::size_t permits, stop_token stop = {}) noexcept
      : scheduler_(sched), available_(permits), stop_(std::move(stop)) {}
  async_semaphore(const async_semaphore&) = delete;
  async_semaphore& operator=(const async_semaphore&) = delete;

  // Completes at once while a permit is free; otherwise waits in FIFO order. After a stop, the
  // permit it yields may be empty (see above): check owns() where holding one matters.
  [[nodiscard]] acquire_operation acquire() noexcept { return acquire_operation{*this}; }

  [[nodiscard]] std::optional<permit> try_acquire() noexcept {
    if (!try_take()) return std::nullopt;
    return permit{this};
  }

  // Resumes every waiter (by the scheduler's next run_ready()) with an empty permit, and makes
  // every later acquire() complete at once with one. On the scheduler's thread.
  void shutdown() {
    shut_down_ = true;
    while (head_) scheduler_.post(dequeue()->waiter_);
  }
  [[nodiscard]] bool stopping() const noexcept { return shut_down_ || stop_.stop_requested(); }

  [[nodiscard]] std::size_t available() const noexcept { return available_; }
  [[nodiscard]] std::size_t waiting() const noexcept { return waiting_; }

 private:
  // A free permit implies an empty queue (release hands permits over directly), so taking one
  // never overtakes a waiter.
  bool try_take() noexcept {
    if (available_ == 0) return false;
    --available_;
    return true;
  }

  void enqueue(acquire_operation* op) noexcept {
    if (tail_) tail_->next_ = op;
    else head_ = op;
    tail_ = op;
    ++waiting_;
  }

  acquire_operation* dequeue() noexcept {
    acquire_operation* first = head_;
    head_ = first->next_;
    if (!head_) tail_ = nullptr;
    --waiting_;
    return first;
  }

  void release() {
    if (stopping()) shutdown();
    if (!head_) {
      ++available_;
      return;
    }
    acquire_operation* next = dequeue();
    next->granted_ = true;
    scheduler_.post(next->waiter_);
  }

  scheduler& scheduler_;
  std::size_t available_;
  std::size_t waiting_ = 0;
  acquire_operation* head_ = nullptr;
  acquire_operation* tail_ = nullptr;
  stop_token stop_;
  bool shut_down_ = false;
};

}  // namespace crawlbench
