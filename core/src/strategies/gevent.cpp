// The book's gevent crawler: spawn a greenlet per URL, each takes the semaphore around
// `urllib.request.urlopen` (a new connection per request), and `gevent.iwait` consumes them in
// completion order.
#include "crawlbench/as_completed.hpp"
#include "crawlbench/async_semaphore.hpp"
#include "crawlbench/crawl.hpp"
#include "crawlbench/detail/strategies.hpp"

namespace crawlbench::detail {

namespace {
task<std::size_t> download(crawl_session& session, http_client& client, async_semaphore& semaphore,
                           std::size_t index) {
  auto permit = co_await semaphore.acquire();  // `with semaphore:`
  co_return co_await session.fetch(client, index);
}
}  // namespace

task<std::size_t> crawl_gevent(crawl_session& session) {
  async_semaphore semaphore{session.sched(), session.config().concurrency, session.stop()};  // the one limit
  http_client client{session.sched(), session.via(), session.options(connection_reuse::fresh)};
  as_completed<std::size_t> responses;
  for (std::size_t i = 0; i < session.config().num; ++i) responses.spawn(download(session, client, semaphore, i));
  std::size_t bytes = 0;
  while (auto size = co_await responses.next()) bytes += *size;
  co_return bytes;
}

}  // namespace crawlbench::detail
