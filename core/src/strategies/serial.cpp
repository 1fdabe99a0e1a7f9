// The book's serial crawler: `requests.get(url)` in a loop, a new connection each time.
#include "crawlbench/crawl.hpp"
#include "crawlbench/detail/strategies.hpp"

namespace crawlbench::detail {

task<std::size_t> crawl_serial(crawl_session& session) {
  http_client client{session.sched(), session.via(), session.options(connection_reuse::fresh)};
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < session.config().num; ++i) bytes += co_await session.fetch(client, i);
  co_return bytes;
}

}  // namespace crawlbench::detail
