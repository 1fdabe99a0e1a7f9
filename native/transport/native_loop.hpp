#pragma once
// The native loop owner, for either native transport (curl_transport, asio_transport: each has
// poll(wake_by), abandon(reason), in_flight() and wake()): scheduler first, then one poll()
// bounded by the scheduler's next timer. Work finished on another thread wakes the poll through
// the transport's wake(). What poll() throws (a bug) is rethrown once the root has finished: the
// transport fails every transfer with it first, so no coroutine is left suspended. Included by
// both transports' headers.

#include <exception>
#include <optional>
#include <utility>

#include "crawlbench/detail/root.hpp"
#include "crawlbench/task.hpp"

namespace crawlbench::native {

// Runs `work` to completion on the real clock, `loop`'s sockets being the only source of outside
// events. Returns its result or rethrows its exception.
template <typename Loop, typename T>
T run_on(scheduler& sched, Loop& loop, task<T> work) {
  sched.set_wake([&loop] { loop.wake(); });
  struct unset_wake {
    scheduler& sched;
    ~unset_wake() { sched.set_wake({}); }
  } unset{sched};
  crawlbench::detail::root<T> root{std::move(work)};
  std::exception_ptr broken;  // what poll() threw (a bug): rethrown once the coroutines have finished
  const auto turn = [&loop, &broken](std::optional<clock::time_point> until) {
    try {
      loop.poll(until);
    } catch (const std::exception& e) {
      broken = std::current_exception();
      loop.abandon(e.what());  // the transfers fail with it, so the suspended coroutines can end
    }
  };
  for (;;) {
    sched.run_ready();
    if (root.done() && loop.in_flight() == 0 && !sched.has_ready()) break;
    if (sched.has_ready()) {
      turn(sched.now());  // look at the sockets without waiting, then run what is ready
      continue;
    }
    const auto deadline = sched.next_deadline();
    if (!deadline && loop.in_flight() == 0 && !sched.awaiting_outside()) break;  // done, or a deadlock result() reports
    turn(deadline);
  }
  if (broken) std::rethrow_exception(broken);
  return root.result();
}

}  // namespace crawlbench::native
