#pragma once
// A client session, as the book's crawlers use one: `requests`/`urllib` (fresh connections),
// aiohttp's ClientSession (pooled), tornado's AsyncHTTPClient (pooled, with max_clients). When
// options.max_connections is set, the client's own FIFO queue admits that many requests at once:
// the limit lives in the client, as in tornado, not in the strategy.
//
// The one retry rule, for every transport: a request whose kept-alive connection died before any
// byte of its answer came back (the server closed it after an idle time or after K requests,
// crossing the request on the wire) is sent once more, on a new connection (RFC 9112 §9.3.1). A
// request that fails on a fresh connection is not retried. Both of the server's methods are
// idempotent by design (GET /add, and POST /add, which echoes its body), so the POSTs are too.

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

  // Performs the request (and, by the retry rule above, at most once more) and writes the response
  // into `into`, which must outlive the await. The crawl's hot path: the response lives in the
  // caller's frame and is never copied.
  [[nodiscard]] task<void> get(std::string url, response& into) {
    return send(http_method::get, std::move(url), {}, into);
  }
  [[nodiscard]] task<void> post(std::string url, std::string body, response& into) {
    return send(http_method::post, std::move(url), std::move(body), into);
  }
  // Convenience forms that return the response.
  [[nodiscard]] task<response> get(std::string url) { return returning(http_method::get, std::move(url), {}); }
  [[nodiscard]] task<response> post(std::string url, std::string body) {
    return returning(http_method::post, std::move(url), std::move(body));
  }

 private:
  task<void> send(http_method method, std::string url, std::string body, response& into) {
    const auto queued = scheduler_.now();
    std::optional<async_semaphore::permit> admitted;
    if (queue_) admitted.emplace(co_await queue_->acquire());
    // A named transfer, not a temporary in the co_await: g++ 12 destroys some temporaries of a
    // co_await expression twice.
    transfer in_flight{scheduler_, transport_, request{method, std::move(url), std::move(body), options_}, into};
    co_await in_flight;
    if (died_on_reuse(into)) co_await resend(in_flight.req(), into);
    into.queued = queued;
  }

  [[nodiscard]] static bool died_on_reuse(const response& r) noexcept {
    return r.error == transfer_error::connection_reset && r.reused_connection && !r.answer_started;
  }

  // Sends `first` again on a new connection into `into`; the span runs from the first attempt's
  // start. Rare: only here is the request copied.
  task<void> resend(const request& first, response& into) {
    const auto started = into.started;
    request again = first;
    again.options.new_connection = true;
    transfer in_flight{scheduler_, transport_, std::move(again), into};
    co_await in_flight;
    into.started = started;
    into.retries = 1;
  }

  task<response> returning(http_method method, std::string url, std::string body) {
    response result;
    co_await send(method, std::move(url), std::move(body), result);
    co_return result;
  }

  scheduler& scheduler_;
  transport& transport_;
  request_options options_;
  std::optional<async_semaphore> queue_;
};

}  // namespace crawlbench
