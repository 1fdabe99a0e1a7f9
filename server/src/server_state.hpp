#pragma once
// What every session of one delay_server shares.

#include <atomic>
#include <cstddef>
#include <memory>
#include <optional>

#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/asio/ssl/context.hpp>

#include "crawlbench/server/delay_server.hpp"
#include "crawlbench/server/metrics_store.hpp"
#include "routes.hpp"

namespace crawlbench::server {

// --max-concurrency K: a channel with room for K tokens is a FIFO counting semaphore that works
// across the worker threads: sending takes a slot (waiting when all K are taken), receiving frees
// one and admits the oldest waiter.
using concurrency_slots = boost::asio::experimental::concurrent_channel<void(boost::system::error_code)>;

struct server_state {
  server_options options;
  route_limits limits;
  metrics_store metrics;
  std::unique_ptr<concurrency_slots> slots;  // null: no limit
  std::atomic<std::size_t> active_requests{0};
  std::atomic<bool> stopping{false};
  std::string origins_json;  // GET /origins: {"origins": [every listener's URL]}, set before serving
  std::shared_ptr<boost::asio::ssl::context> tls;  // null: plain HTTP
  // Failed TLS handshakes are said on stderr at most once per interval: steady-clock ns after
  // which the next one may be said.
  std::atomic<std::int64_t> next_handshake_report_ns{0};

  explicit server_state(server_options o)
      : options(std::move(o)),
        limits{options.max_delay_ms, 1024, 100},
        metrics(options.max_spans) {}
};

}  // namespace crawlbench::server
