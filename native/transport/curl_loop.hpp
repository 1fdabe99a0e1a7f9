#pragma once
// The native loop owner: scheduler first, then one curl_transport::poll() bounded by the
// scheduler's next timer. Included by curl_transport.hpp.

#include <utility>

#include "crawlbench/detail/root.hpp"
#include "crawlbench/task.hpp"

namespace crawlbench::native {

template <typename T>
T run_on_curl(scheduler& sched, curl_transport& curl, task<T> work) {
  crawlbench::detail::root<T> root{std::move(work)};
  for (;;) {
    sched.run_ready();
    if (root.done() && curl.in_flight() == 0 && !sched.has_ready()) break;
    if (sched.has_ready()) {
      curl.poll(sched.now());  // look at the sockets without waiting, then run what is ready
      continue;
    }
    const auto deadline = sched.next_deadline();
    if (!deadline && curl.in_flight() == 0) break;  // done, or a deadlock that result() reports
    curl.poll(deadline);
  }
  return root.result();
}

}  // namespace crawlbench::native
