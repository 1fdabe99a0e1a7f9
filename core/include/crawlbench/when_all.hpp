#pragma once
// Waits for every task and yields their results in the order given (not the order they finished).
// All tasks start at once; the first exception is rethrown after every task has finished.

#include <optional>
#include <utility>
#include <vector>

#include "crawlbench/task.hpp"
#include "crawlbench/task_scope.hpp"

namespace crawlbench {

namespace detail {
template <typename T>
task<void> store_into(std::optional<T>& slot, task<T> work) {
  slot.emplace(co_await std::move(work));
}
}  // namespace detail

template <typename T>
task<std::vector<T>> when_all(std::vector<task<T>> tasks) {
  std::vector<std::optional<T>> slots(tasks.size());
  task_scope scope;
  for (std::size_t i = 0; i < tasks.size(); ++i) scope.spawn(detail::store_into(slots[i], std::move(tasks[i])));
  co_await scope.join();

  std::vector<T> results;
  results.reserve(slots.size());
  for (auto& slot : slots) results.push_back(std::move(*slot));
  co_return results;
}

inline task<void> when_all(std::vector<task<void>> tasks) {
  task_scope scope;
  for (auto& work : tasks) scope.spawn(std::move(work));
  co_await scope.join();
}

}  // namespace crawlbench
