#pragma once
// Detached work with an owner: spawn() starts a task at once (it runs until its first suspension,
// then goes on by itself), and `co_await scope.join()` waits for every task spawned so far.
// A scope must be joined before it is destroyed: children may use what the scope's owner owns.

#include <cstddef>
#include <cstdio>
#include <exception>
#include <utility>

#include "crawlbench/coroutine.hpp"
#include "crawlbench/detail/detached.hpp"
#include "crawlbench/task.hpp"

namespace crawlbench {

class task_scope {
 public:
  task_scope() noexcept = default;
  task_scope(const task_scope&) = delete;
  task_scope& operator=(const task_scope&) = delete;
  ~task_scope() {
    if (active_ != 0) {
      std::fputs("crawlbench: task_scope destroyed with running children\n", stderr);
      std::terminate();
    }
  }

  void spawn(task<void> work) {
    auto child = run(*this, std::move(work));
    child.handle.promise().set_owner(this, &task_scope::child_done);
    ++active_;
    child.handle.resume();
  }

  [[nodiscard]] std::size_t active() const noexcept { return active_; }

  // Resumed by the last child to finish, by symmetric transfer from that child's end; rethrows
  // the first exception any child threw (the others are dropped).
  [[nodiscard]] auto join() noexcept {
    struct operation {
      task_scope& scope;
      bool await_ready() const noexcept { return scope.active_ == 0; }
      void await_suspend(coro::coroutine_handle<> joiner) noexcept { scope.joiner_ = joiner; }
      void await_resume() const {
        if (scope.first_error_) std::rethrow_exception(std::exchange(scope.first_error_, nullptr));
      }
    };
    return operation{*this};
  }

 private:
  static detail::detached run(task_scope& scope, task<void> work) {
    try {
      co_await std::move(work);
    } catch (...) {
      if (!scope.first_error_) scope.first_error_ = std::current_exception();
    }
  }

  static coro::coroutine_handle<> child_done(void* owner) noexcept {
    auto& scope = *static_cast<task_scope*>(owner);
    if (--scope.active_ != 0) return {};
    return std::exchange(scope.joiner_, {});
  }

  std::size_t active_ = 0;
  coro::coroutine_handle<> joiner_;
  std::exception_ptr first_error_;
};

}  // namespace crawlbench
