// What async and threaded share: at most `concurrency` POSTs in flight (the one limit) while the
// hashing goes on. A failure (the CPU task throwing) must not leave the scope with POSTs in
// flight: they are waited for, then the failure goes on.
#include <exception>

#include "mixed_modes.hpp"

namespace crawlbench::detail {

task<void> run_overlapped(const mode_context& m, issue_items issue) {
  async_semaphore in_flight{m.sched, m.config.concurrency, m.run.stop()};
  task_scope sends;
  std::exception_ptr failure;
  try {
    co_await issue(m, in_flight, sends);
  } catch (...) {
    failure = std::current_exception();
  }
  co_await sends.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace crawlbench::detail
