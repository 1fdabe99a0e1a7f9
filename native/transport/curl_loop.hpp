#pragma once
// The native loop owner: scheduler first, then one curl_transport::poll() bounded by the
// scheduler's next timer. Work finished on another thread wakes the poll through the transport's
// eventfd. What poll() throws (a bug) is rethrown once the root has finished: the transport
// fails every transfer with it first, so no coroutine is left suspended. Included by
// curl_transport.hpp.

#include <exception>
#include <optional>
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
  std::exception_ptr broken;  // what poll() threw (a bug): rethrown once the coroutines have finished
  const auto turn = [&curl, &broken](std::optional<clock::time_point> until) {
    try {
      curl.poll(until);
    } catch (const std::exception& e) {
      broken = std::current_exception();
      curl.abandon(e.what());  // the transfers fail with it, so the suspended coroutines can end
    }
  };
  for (;;) {
    sched.run_ready();
    if (root.done() && curl.in_flight() == 0 && !sched.has_ready()) break;
    if (sched.has_ready()) {
      turn(sched.now());  // look at the sockets without waiting, then run what is ready
      continue;
    }
    const auto deadline = sched.next_deadline();
    if (!deadline && curl.in_flight() == 0 && !sched.awaiting_outside()) break;  // done, or a deadlock result() reports
    turn(deadline);
  }
  if (broken) std::rethrow_exception(broken);
  return root.result();
}

}  // namespace crawlbench::native
