#pragma once
// The root of a loop owner's work: starts a task at once and keeps its result or exception until
// the loop that pumps it sees done(). Shared by run_virtual() and the native run_on().

#include <cstdio>
#include <exception>
#include <optional>
#include <type_traits>
#include <utility>

#include "crawlbench/task.hpp"
#include "crawlbench/task_scope.hpp"

namespace crawlbench::detail {

template <typename T>
class root {
 public:
  explicit root(task<T> work) { scope_.spawn(run(std::move(work))); }
  root(const root&) = delete;
  root& operator=(const root&) = delete;

  [[nodiscard]] bool done() const noexcept { return finished_; }

  // The result, or the task's exception rethrown. A root that never finished is a deadlock: the
  // suspended coroutines cannot be unwound, so it is reported and the process terminates.
  T result() {
    if (!finished_) {
      std::fputs("crawlbench: deadlock: the root task waits for something that can no longer happen\n", stderr);
      std::terminate();
    }
    if (error_) std::rethrow_exception(error_);
    if constexpr (!std::is_void_v<T>) return std::move(*value_);
  }

 private:
  task<void> run(task<T> work) {
    try {
      if constexpr (std::is_void_v<T>) {
        co_await std::move(work);
      } else {
        value_.emplace(co_await std::move(work));
      }
    } catch (...) {
      error_ = std::current_exception();
    }
    finished_ = true;
  }

  std::exception_ptr error_;
  bool finished_ = false;
  std::optional<std::conditional_t<std::is_void_v<T>, int, T>> value_;
  task_scope scope_;  // last: destroyed first, once the child has finished
};

}  // namespace crawlbench::detail
