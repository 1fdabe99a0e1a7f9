// async: hashes on this thread, each POST sent under a permit of `concurrency` while the next
// hash runs; answers are taken between hashes (the book's Semaphore(100) and
// `await asyncio.sleep(0)`).
#include <utility>

#include "mixed_modes.hpp"

namespace crawlbench::detail {

namespace {
task<void> issue_async(const mode_context& m, async_semaphore& in_flight, task_scope& sends) {
  for (std::size_t i = 0; i < m.items.size() && m.run.go_on(); ++i) {
    std::string hash = m.run.compute(i, m.items[i]);
    if (!m.run.go_on()) break;
    auto permit = co_await in_flight.acquire();
    sends.spawn(m.run.send_holding(i, std::move(hash), std::move(permit)));
    co_await m.sched.yield();  // answers that came in during the hash are taken now
  }
}
}  // namespace

task<void> mixed_async(const mode_context& m) { return run_overlapped(m, issue_async); }

}  // namespace crawlbench::detail
