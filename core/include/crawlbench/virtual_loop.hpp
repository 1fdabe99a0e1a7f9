#pragma once
// The loop owner for virtual time (the simulator, deterministic tests, benchmarks): run what is
// ready; when nothing is, jump the clock to the next timer. A simulated second costs no real time.

#include <cstdio>
#include <exception>
#include <optional>
#include <type_traits>
#include <utility>

#include "crawlbench/clock.hpp"
#include "crawlbench/scheduler.hpp"
#include "crawlbench/task.hpp"
#include "crawlbench/task_scope.hpp"

namespace crawlbench {

// Runs until nothing is ready and no timer is left.
inline void run_until_idle(scheduler& sched, virtual_clock& time) {
  for (;;) {
    sched.run_ready();
    if (sched.has_ready()) continue;
    const auto deadline = sched.next_deadline();
    if (!deadline) return;
    time.advance_to(*deadline);
  }
}

namespace detail {
template <typename T>
task<void> capture(task<T> work, std::optional<T>& value, std::exception_ptr& error, bool& finished) {
  try {
    value.emplace(co_await std::move(work));
  } catch (...) {
    error = std::current_exception();
  }
  finished = true;
}
inline task<void> capture(task<void> work, std::exception_ptr& error, bool& finished) {
  try {
    co_await std::move(work);
  } catch (...) {
    error = std::current_exception();
  }
  finished = true;
}
}  // namespace detail

// Runs `root` to completion in virtual time and returns its result (or rethrows its exception).
// A root still waiting once the loop is idle can never finish: that deadlock is reported and the
// process terminates, since the suspended coroutines cannot be unwound.
template <typename T>
T run_virtual(scheduler& sched, virtual_clock& time, task<T> root) {
  task_scope scope;
  std::exception_ptr error;
  bool finished = false;
  [[maybe_unused]] std::optional<std::conditional_t<std::is_void_v<T>, int, T>> value;
  if constexpr (std::is_void_v<T>) {
    scope.spawn(detail::capture(std::move(root), error, finished));
  } else {
    scope.spawn(detail::capture(std::move(root), value, error, finished));
  }
  run_until_idle(sched, time);
  if (!finished) {
    std::fputs("crawlbench: deadlock: the root task waits for something that can no longer happen\n", stderr);
    std::terminate();
  }
  if (error) std::rethrow_exception(error);
  if constexpr (!std::is_void_v<T>) return std::move(*value);
}

}  // namespace crawlbench
