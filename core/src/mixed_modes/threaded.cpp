// threaded (beyond the book): hashes on `beside`'s thread while this loop sends and takes every
// answer when it arrives. One item is queued ahead, so the CPU thread never waits for this loop to
// hand it the next; the concurrency limit still holds the CPU work back when POSTs pile up.
#include <utility>

#include "mixed_modes.hpp"

namespace crawlbench::detail {

namespace {
task<void> issue_threaded(const mode_context& m, async_semaphore& in_flight, task_scope& sends) {
  cpu_offload& beside = *m.beside;
  beside.submit(m.items[0]);
  for (std::size_t i = 0; i < m.items.size() && m.run.go_on(); ++i) {
    if (i + 1 < m.items.size()) beside.submit(m.items[i + 1]);
    auto hash = co_await m.run.computed_beside(beside, i);  // the loop runs meanwhile
    if (!hash || !m.run.go_on()) break;                      // skipped or stopped: not sent
    auto permit = co_await in_flight.acquire();
    sends.spawn(m.run.send_holding(i, std::move(*hash), std::move(permit)));
  }
}
}  // namespace

task<void> mixed_threaded(const mode_context& m) { return run_overlapped(m, issue_threaded); }

}  // namespace crawlbench::detail
