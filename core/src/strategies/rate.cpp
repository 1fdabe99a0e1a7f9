// Open loop, wrk2-style: request i is due at start + i / rate whatever happened to the earlier
// ones, and its latency counts from that due time, so a stalled server cannot hide its stall by
// slowing the sender (coordinated omission). Pooled connections, at most `concurrency` at once.
#include "crawlbench/as_completed.hpp"
#include "crawlbench/crawl.hpp"
#include "crawlbench/detail/strategies.hpp"

namespace crawlbench::detail {

task<std::size_t> crawl_rate(crawl_session& session) {
  const auto& config = session.config();
  const double interval_s = 1.0 / config.effective_rate();
  http_client client{session.sched(), session.via(),
                     session.options(connection_reuse::pooled, config.concurrency)};  // the one limit
  as_completed<std::size_t> responses;
  const auto start = session.sched().now();
  for (std::size_t i = 0; i < config.num && !session.stopping(); ++i) {
    // A segment's requests keep their places in the whole run's schedule (segment.hpp).
    const auto due = start + from_seconds((static_cast<double>(i) + config.segment.schedule_offset()) * interval_s);
    co_await session.sched().sleep_until(due);
    responses.spawn(session.fetch(client, i, due));
  }
  std::size_t bytes = 0;
  while (auto size = co_await responses.next()) bytes += *size;
  co_return bytes;
}

}  // namespace crawlbench::detail
