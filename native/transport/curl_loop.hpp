#pragma once
// The native loop owner: scheduler first, then one curl_transport::poll() bounded by the
// scheduler's next timer. Work finished on another thread wakes the poll through the transport's
// eventfd. Included by curl_transport.hpp.

#include <utility>

#include "crawlbench/detail/root.hpp"
#include "crawlbench/task.hpp"

namespace crawlbench::native {

template <typename T>
T run_on_curl(scheduler& sched, curl_transport& curl, task<T> work) {
  sched.set_wake([&curl] { curl.wake(); });
  struct unset_wake {
    scheduler& sched;
    ~unset_wake() { sched.set_wake({}); }
  } unset{sched};
  crawlbench::detail::root<T> root{std::move(work)};
  for (;;) {
    sched.run_ready();
    if (root.done() && curl.in_flight() == 0 && !sched.has_ready()) break;
    if (sched.has_ready()) {
      curl.poll(sched.now());  // look at the sockets without waiting, then run what is ready
      continue;
    }
    const auto deadline = sched.next_deadline();
    if (!deadline && curl.in_flight() == 0 && !sched.awaiting_outside()) break;  // done, or a deadlock result() reports
    curl.poll(deadline);
  }
  return root.result();
}

}  // namespace crawlbench::native
