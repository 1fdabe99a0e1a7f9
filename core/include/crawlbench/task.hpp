#pragma once
// task<T>: a lazy, move-only coroutine result. Nothing runs until the task is awaited; the
// awaiter is resumed by symmetric transfer when the task finishes (by a plain call in wasm builds:
// detail/transfer.hpp), and an exception thrown in the task is rethrown at the co_await.

#include <utility>

#include "crawlbench/coroutine.hpp"
#include "crawlbench/detail/task_promise.hpp"

namespace crawlbench {

template <typename T = void>
class [[nodiscard]] task {
 public:
  using promise_type = detail::task_promise<T>;
  using value_type = T;

  task() noexcept = default;
  explicit task(coro::coroutine_handle<promise_type> handle) noexcept : handle_(handle) {}
  task(task&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  task& operator=(task&& other) noexcept {
    if (this != &other) {
      destroy();
      handle_ = std::exchange(other.handle_, {});
    }
    return *this;
  }
  task(const task&) = delete;
  task& operator=(const task&) = delete;
  ~task() { destroy(); }

  // A task that was never awaited is destroyed without ever running its body.
  [[nodiscard]] bool valid() const noexcept { return static_cast<bool>(handle_); }
  [[nodiscard]] bool done() const noexcept { return !handle_ || handle_.done(); }

  // Starts the task (or finishes it, if it already ran) and resumes the awaiter from the task's
  // final suspend point (detail/transfer.hpp); yields the result or rethrows.
  auto operator co_await() && noexcept { return awaiter{handle_}; }
  auto operator co_await() & noexcept { return awaiter{handle_}; }

 private:
  struct awaiter {
    coro::coroutine_handle<promise_type> handle;

    bool await_ready() const noexcept { return !handle || handle.done(); }
#if CRAWLBENCH_SYMMETRIC_TRANSFER
    coro::coroutine_handle<> await_suspend(coro::coroutine_handle<> continuation) noexcept {
      handle.promise().set_continuation(continuation);
      return handle;
    }
#else
    bool await_suspend(coro::coroutine_handle<> continuation) noexcept {
      return handle.promise().start_inline(handle, continuation);
    }
#endif
    decltype(auto) await_resume() {
      if (!handle) detail::throw_broken_task();
      return handle.promise().result();
    }
  };

  void destroy() noexcept {
    if (handle_) std::exchange(handle_, {}).destroy();
  }

  coro::coroutine_handle<promise_type> handle_;
};

namespace detail {
template <typename T>
task<T> task_promise<T>::get_return_object() noexcept {
  return task<T>{coro::coroutine_handle<task_promise<T>>::from_promise(*this)};
}
inline task<void> task_promise<void>::get_return_object() noexcept {
  return task<void>{coro::coroutine_handle<task_promise<void>>::from_promise(*this)};
}
}  // namespace detail

}  // namespace crawlbench
