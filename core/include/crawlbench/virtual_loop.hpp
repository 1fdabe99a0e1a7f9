#pragma once
// The loop owner for virtual time (the simulator, deterministic tests, benchmarks): run what is
// ready; when nothing is, jump the clock to the next timer. A simulated second costs no real time.

#include <utility>

#include "crawlbench/clock.hpp"
#include "crawlbench/detail/root.hpp"
#include "crawlbench/scheduler.hpp"
#include "crawlbench/task.hpp"

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

// Runs `root` to completion in virtual time and returns its result (or rethrows its exception).
// A root still waiting once the loop is idle can never finish: that deadlock is reported and the
// process terminates, since the suspended coroutines cannot be unwound.
template <typename T>
T run_virtual(scheduler& sched, virtual_clock& time, task<T> work) {
  detail::root<T> root{std::move(work)};
  run_until_idle(sched, time);
  return root.result();
}

}  // namespace crawlbench
