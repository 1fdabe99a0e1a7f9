// The book's tornado crawler: every fetch is handed to the client at once, and the client's own
// queue admits `max_clients` at a time over kept-alive connections; `asyncio.as_completed`
// consumes them.
#include "crawlbench/as_completed.hpp"
#include "crawlbench/crawl.hpp"
#include "crawlbench/detail/strategies.hpp"

namespace crawlbench::detail {

task<std::size_t> crawl_tornado(crawl_session& session) {
  // The one limit: max_clients, inside the client.
  http_client client{session.sched(), session.via(),
                     session.options(connection_reuse::pooled, session.config().concurrency)};
  as_completed<std::size_t> responses;
  for (std::size_t i = 0; i < session.config().num; ++i) responses.spawn(session.fetch(client, i));
  std::size_t bytes = 0;
  while (auto size = co_await responses.next()) bytes += *size;
  co_return bytes;
}

}  // namespace crawlbench::detail
