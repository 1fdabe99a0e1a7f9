#pragma once
// An async counting semaphore, the `asyncio.Semaphore` / `gevent.lock.Semaphore` of the book:
//
//   auto permit = co_await semaphore.acquire();   // `async with semaphore:`
//
// Waiters queue FIFO through their own awaiter objects (intrusive list: waiting allocates
// nothing). release() hands the permit straight to the oldest waiter, so a newcomer can never
// overtake it; that waiter is resumed by the scheduler's next run_ready(), never inside release().

#include <cstddef>
#include <optional>
#include <utility>

#include "crawlbench/coroutine.hpp"
#include "crawlbench/scheduler.hpp"

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

    bool await_ready() const noexcept { return owner_.try_take(); }
    void await_suspend(coro::coroutine_handle<> waiter) noexcept {
      waiter_ = waiter;
      owner_.enqueue(this);
    }
    permit await_resume() const noexcept { return permit{&owner_}; }

   private:
    friend class async_semaphore;
    async_semaphore& owner_;
    acquire_operation* next_ = nullptr;
    coro::coroutine_handle<> waiter_;
  };

  async_semaphore(scheduler& sched, std::size_t permits) noexcept : scheduler_(sched), available_(permits) {}
  async_semaphore(const async_semaphore&) = delete;
  async_semaphore& operator=(const async_semaphore&) = delete;

  // Completes at once while a permit is free; otherwise waits in FIFO order.
  [[nodiscard]] acquire_operation acquire() noexcept { return acquire_operation{*this}; }

  [[nodiscard]] std::optional<permit> try_acquire() noexcept {
    if (!try_take()) return std::nullopt;
    return permit{this};
  }

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

  void release() {
    if (!head_) {
      ++available_;
      return;
    }
    acquire_operation* next = head_;
    head_ = next->next_;
    if (!head_) tail_ = nullptr;
    --waiting_;
    scheduler_.post(next->waiter_);
  }

  scheduler& scheduler_;
  std::size_t available_;
  std::size_t waiting_ = 0;
  acquire_operation* head_ = nullptr;
  acquire_operation* tail_ = nullptr;
};

}  // namespace crawlbench
