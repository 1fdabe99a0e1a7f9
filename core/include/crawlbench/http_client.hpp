#pragma once
// A client session, as the book's crawlers use one: `requests`/`urllib` (fresh connections),
// aiohttp's ClientSession (pooled), tornado's AsyncHTTPClient (pooled, with max_clients). When
// options.max_connections is set, the client's own FIFO queue admits that many requests at once:
// the limit lives in the client, as in tornado, not in the strategy.

#include <optional>
#include <string>

#include "crawlbench/async_semaphore.hpp"
#include "crawlbench/scheduler.hpp"
#include "crawlbench/task.hpp"
#include "crawlbench/transport.hpp"

namespace crawlbench {

class http_client {
 public:
  http_client(scheduler& sched, transport& via, request_options options)
      : scheduler_(sched), transport_(via), options_(options) {
    if (options.max_connections != 0) queue_.emplace(sched, options.max_connections);
  }
  http_client(const http_client&) = delete;
  http_client& operator=(const http_client&) = delete;

  [[nodiscard]] const request_options& options() const noexcept { return options_; }

  [[nodiscard]] task<response> get(std::string url) { return send(http_method::get, std::move(url), {}); }
  [[nodiscard]] task<response> post(std::string url, std::string body) {
    return send(http_method::post, std::move(url), std::move(body));
  }

 private:
  task<response> send(http_method method, std::string url, std::string body) {
    const auto queued = scheduler_.now();
    std::optional<async_semaphore::permit> admitted;
    if (queue_) admitted.emplace(co_await queue_->acquire());
    // A named transfer, not a temporary in the co_await: g++ 12 destroys some temporaries of a
    // co_await expression twice.
    response result;
    transfer in_flight{scheduler_, transport_, request{method, std::move(url), std::move(body), options_}, result};
    co_await in_flight;
    result.queued = queued;
    co_return result;
  }

  scheduler& scheduler_;
  transport& transport_;
  request_options options_;
  std::optional<async_semaphore> queue_;
};

}  // namespace crawlbench
