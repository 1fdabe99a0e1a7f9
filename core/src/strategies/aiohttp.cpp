// The book's aiohttp crawler: one ClientSession (pooled keep-alive connections) and an
// `async with semaphore:` around each request, consumed with `asyncio.as_completed`.
#include "crawlbench/as_completed.hpp"
#include "crawlbench/async_semaphore.hpp"
#include "crawlbench/crawl.hpp"
#include "crawlbench/detail/strategies.hpp"

namespace crawlbench::detail {

namespace {
task<std::size_t> http_get(crawl_session& session, http_client& client_session, async_semaphore& semaphore,
                           std::size_t index) {
  auto permit = co_await semaphore.acquire();  // `async with semaphore:`
  co_return co_await session.fetch(client_session, index);
}
}  // namespace

task<std::size_t> crawl_aiohttp(crawl_session& session) {
  async_semaphore semaphore{session.sched(), session.config().concurrency, session.stop()};  // the one limit
  http_client client_session{session.sched(), session.via(), session.options(connection_reuse::pooled)};
  as_completed<std::size_t> responses;
  for (std::size_t i = 0; i < session.config().num; ++i) {
    responses.spawn(http_get(session, client_session, semaphore, i));
  }
  std::size_t bytes = 0;
  while (auto size = co_await responses.next()) bytes += *size;
  co_return bytes;
}

}  // namespace crawlbench::detail
