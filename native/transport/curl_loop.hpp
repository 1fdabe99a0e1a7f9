#pragma once
// The native loop owner: scheduler first, then one curl_transport::poll() bounded by the
// scheduler's next timer. Included by curl_transport.hpp.

#include <exception>
#include <optional>
#include <cstdio>
#include <type_traits>
#include <utility>

#include "crawlbench/task.hpp"
#include "crawlbench/task_scope.hpp"
#include "crawlbench/virtual_loop.hpp"

namespace crawlbench::native {

template <typename T>
T run_on_curl(scheduler& sched, curl_transport& curl, task<T> root) {
  task_scope scope;
  std::exception_ptr error;
  bool finished = false;
  [[maybe_unused]] std::optional<std::conditional_t<std::is_void_v<T>, int, T>> value;
  if constexpr (std::is_void_v<T>) {
    scope.spawn(crawlbench::detail::capture(std::move(root), error, finished));
  } else {
    scope.spawn(crawlbench::detail::capture(std::move(root), value, error, finished));
  }
  for (;;) {
    sched.run_ready();
    if (finished && curl.in_flight() == 0 && !sched.has_ready()) break;
    if (sched.has_ready()) {
      curl.poll(sched.now());  // look at the sockets without waiting, then run what is ready
      continue;
    }
    const auto deadline = sched.next_deadline();
    if (!deadline && curl.in_flight() == 0) {
      if (finished) break;
      std::fputs("crawlbench: deadlock: the crawl waits for nothing that can happen (no timer, no transfer)\n", stderr);
      std::terminate();  // the suspended coroutines cannot be unwound
    }
    curl.poll(deadline);
  }
  if (error) std::rethrow_exception(error);
  if constexpr (!std::is_void_v<T>) return std::move(*value);
}

}  // namespace crawlbench::native
