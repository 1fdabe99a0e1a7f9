#pragma once
// The coroutine behind every spawned child: started explicitly, never awaited, it destroys its own
// frame when its body ends and then transfers control (detail/transfer.hpp) to whatever its owner
// says should run next (a joiner or a consumer that was waiting for it), or back to whoever resumed it.

#include <exception>

#include "crawlbench/coroutine.hpp"
#include "crawlbench/detail/frame_allocator.hpp"
#include "crawlbench/detail/transfer.hpp"

namespace crawlbench::detail {

class detached_promise;

struct [[nodiscard]] detached {
  using promise_type = detached_promise;
  coro::coroutine_handle<detached_promise> handle;
};

class detached_promise : public pooled_frame {
 public:
  // Called once, after the body ended; returns the coroutine to transfer to (or a null handle).
  using on_done_fn = coro::coroutine_handle<> (*)(void* owner) noexcept;

  struct final_awaiter {
    bool await_ready() const noexcept { return false; }
    transfer_result await_suspend(coro::coroutine_handle<detached_promise> self) noexcept {
      const auto& promise = self.promise();
      const auto next = promise.on_done_ ? promise.on_done_(promise.owner_) : coro::coroutine_handle<>{};
      self.destroy();
      return transfer_to(next);
    }
    void await_resume() const noexcept {}
  };

  detached get_return_object() noexcept {
    return detached{coro::coroutine_handle<detached_promise>::from_promise(*this)};
  }
  coro::suspend_always initial_suspend() const noexcept { return {}; }
  final_awaiter final_suspend() const noexcept { return {}; }
  void return_void() const noexcept {}
  // Bodies catch what their child throws and hand it to the owner; reaching here is a bug.
  [[noreturn]] void unhandled_exception() const noexcept { std::terminate(); }

  void set_owner(void* owner, on_done_fn on_done) noexcept {
    owner_ = owner;
    on_done_ = on_done;
  }

 private:
  void* owner_ = nullptr;
  on_done_fn on_done_ = nullptr;
};

}  // namespace crawlbench::detail
