#pragma once
// The strategies, one file each in core/src/strategies/. Each yields the sum of the bodies' sizes,
// as the book's run_experiment() does, and records spans through the session.

#include <cstddef>

#include "crawlbench/task.hpp"

namespace crawlbench {
class crawl_session;
}

namespace crawlbench::detail {

task<std::size_t> crawl_serial(crawl_session& session);
task<std::size_t> crawl_gevent(crawl_session& session);
task<std::size_t> crawl_tornado(crawl_session& session);
task<std::size_t> crawl_aiohttp(crawl_session& session);
task<std::size_t> crawl_batched(crawl_session& session);
task<std::size_t> crawl_rate(crawl_session& session);

}  // namespace crawlbench::detail
