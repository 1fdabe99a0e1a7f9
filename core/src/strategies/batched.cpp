// Explicit stop-and-go: waves of `concurrency` requests, each wave waited for in full before the
// next starts, so one slow request holds back a whole wave. The pattern the chapter's CPU + I/O
// section calls "batches of 100".
#include <vector>

#include "crawlbench/crawl.hpp"
#include "crawlbench/detail/strategies.hpp"
#include "crawlbench/when_all.hpp"

namespace crawlbench::detail {

task<std::size_t> crawl_batched(crawl_session& session) {
  const auto& config = session.config();
  http_client client{session.sched(), session.via(), session.options(connection_reuse::pooled)};
  std::size_t bytes = 0;
  for (std::size_t first = 0; first < config.num; first += config.concurrency) {  // the one limit
    const std::size_t last = std::min(config.num, first + config.concurrency);
    std::vector<task<std::size_t>> wave;
    wave.reserve(last - first);
    for (std::size_t i = first; i < last; ++i) wave.push_back(session.fetch(client, i));
    for (const std::size_t size : co_await when_all(std::move(wave))) bytes += size;
  }
  co_return bytes;
}

}  // namespace crawlbench::detail
