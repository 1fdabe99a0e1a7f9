#pragma once

#include <exception>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "crawlbench/coroutine.hpp"
#include "crawlbench/detail/frame_allocator.hpp"
#include "crawlbench/detail/transfer.hpp"

namespace crawlbench {
template <typename T>
class task;
}

namespace crawlbench::detail {

[[noreturn]] inline void throw_broken_task() { throw std::logic_error("awaited an empty task"); }

class task_promise_base : public pooled_frame {
 public:
  // Resumes whoever awaited the task (detail/transfer.hpp), or nobody: control then returns to the
  // resumer. Not while the awaiter is still starting the task (start_inline): it goes on by itself.
  struct final_awaiter {
    bool await_ready() const noexcept { return false; }
    template <typename Promise>
    transfer_result await_suspend(coro::coroutine_handle<Promise> self) noexcept {
      const auto& promise = self.promise();
      return transfer_to(promise.starting_ ? coro::coroutine_handle<>{} : promise.continuation_);
    }
    void await_resume() const noexcept {}
  };

  coro::suspend_always initial_suspend() const noexcept { return {}; }
  final_awaiter final_suspend() const noexcept { return {}; }
  void unhandled_exception() noexcept { exception_ = std::current_exception(); }
  void set_continuation(coro::coroutine_handle<> continuation) noexcept { continuation_ = continuation; }

  // Without symmetric transfer: runs the task `self` (this promise's) until it first suspends or
  // ends, inside the awaiter's await_suspend. Returns whether the awaiter must stay suspended (the
  // task's end resumes it); false when the task already ended, so the awaiter goes on with no call.
  bool start_inline(coro::coroutine_handle<> self, coro::coroutine_handle<> continuation) noexcept {
    continuation_ = continuation;
    starting_ = true;
    self.resume();
    starting_ = false;
    return !self.done();
  }

 protected:
  void rethrow_if_failed() const {
    if (exception_) std::rethrow_exception(exception_);
  }

 private:
  coro::coroutine_handle<> continuation_;
  std::exception_ptr exception_;
  bool starting_ = false;  // inside start_inline(): the task's end must not resume the awaiter
};

template <typename T>
class task_promise final : public task_promise_base {
  static_assert(std::is_move_constructible_v<T>, "task<T> needs a movable T");

 public:
  task<T> get_return_object() noexcept;

  template <typename U = T>
    requires std::is_convertible_v<U&&, T>
  void return_value(U&& value) noexcept(std::is_nothrow_constructible_v<T, U&&>) {
    value_.emplace(std::forward<U>(value));
  }

  T result() {
    rethrow_if_failed();
    return std::move(*value_);
  }

 private:
  std::optional<T> value_;
};

template <>
class task_promise<void> final : public task_promise_base {
 public:
  task<void> get_return_object() noexcept;
  void return_void() const noexcept {}
  void result() const { rethrow_if_failed(); }
};

}  // namespace crawlbench::detail
