#pragma once
// What a crawl needs from an HTTP client, and nothing more. A transport (libcurl's multi socket
// interface natively, emscripten_fetch in the browser, the simulator in tests) receives a
// transfer, performs it however its loop works, and calls transfer.complete() exactly once, from
// the thread that pumps the scheduler. Failures are values in the response, never exceptions.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "crawlbench/clock.hpp"
#include "crawlbench/coroutine.hpp"
#include "crawlbench/scheduler.hpp"

namespace crawlbench {

// requests/urllib open a new connection per request; aiohttp's ClientSession and tornado's curl
// client keep connections alive and reuse them.
enum class connection_reuse { fresh, pooled };

struct request_options {
  connection_reuse reuse = connection_reuse::pooled;
  // The client-side cap on connections at once (tornado's max_clients); 0 means none. The
  // http_client queues requests above it; transports use it to size their connection pools.
  std::size_t max_connections = 0;
  // Time from the transport's start to completion; zero means no timeout.
  clock::duration timeout{};
  // Open a new connection for this request even when pooled (the http_client's retry of a request
  // whose kept-alive connection died); a pooled connection stays pooled afterwards.
  bool new_connection = false;
  // "Name: value" lines to send with the request (checked: request_headers.hpp). A view: the
  // lines stay with the crawl's configuration, which outlives its requests. A transport that
  // cannot send headers (the simulator) ignores them.
  std::span<const std::string> headers{};
};

enum class http_method { get, post };

struct request {
  http_method method = http_method::get;
  std::string url;
  std::string body;
  request_options options;
};

// What a request's connection cost, as far as the transport can tell: it went over a connection
// an earlier request had opened, or it opened one (TCP connect, and for https a TLS handshake).
enum class connection_use : std::uint8_t { unknown, reused, opened, opened_tls };

enum class transfer_error {
  none,
  connection_refused,
  connection_reset,
  timeout,
  too_many_connections,  // the transport could not open a socket (file descriptors exhausted)
  cancelled,
  other,
  tls,  // the TLS handshake failed: an unknown CA, a name mismatch, no common protocol (the reason in error_message)
};
[[nodiscard]] std::string_view to_string(transfer_error e) noexcept;

struct response {
  int status = 0;  // 0 when no HTTP response arrived
  transfer_error error = transfer_error::none;
  std::string error_message;
  std::string body;  // the body, cut at max_kept_body bytes: enough to check it, not to store pages
  std::size_t body_bytes = 0;  // the whole body's size
  clock::time_point queued{};      // handed to the http_client (before its own queue)
  clock::time_point started{};     // handed to the transport: the request really begins
  clock::time_point first_byte{};  // first response byte (equal to done when not known)
  clock::time_point done{};
  // What the http_client's retry rule needs (RFC 9112 §9.3.1), as far as the transport knows (a
  // transport that cannot tell leaves both false, and nothing is retried): the request went over
  // a kept-alive connection an earlier request had used, and some byte of the answer came back.
  bool reused_connection = false;
  bool answer_started = false;
  std::uint8_t retries = 0;  // times the http_client sent the request again (0 or 1)
  // The connection's cost (libcurl: CURLINFO_NUM_CONNECTS, CONNECT_TIME_T, APPCONNECT_TIME_T):
  // `connected` is when its TCP connect finished (opened, opened_tls) and `tls_done` when its TLS
  // handshake did (opened_tls); both are left at the epoch otherwise.
  connection_use connection = connection_use::unknown;
  clock::time_point connected{};
  clock::time_point tls_done{};

  static constexpr std::size_t max_kept_body = 4096;
};

class transport;

// One request in flight: an awaitable that lives in the awaiting coroutine's frame and completes
// into a response the awaiter owns. The coroutine is resumed by the scheduler's next run_ready()
// after complete(): never inside a transport's callback, so callbacks never run crawl code.
class transfer {
 public:
  transfer(scheduler& sched, transport& via, request req, response& into) noexcept
      : scheduler_(sched), transport_(via), request_(std::move(req)), response_(into) {}
  transfer(const transfer&) = delete;
  transfer& operator=(const transfer&) = delete;

  [[nodiscard]] const request& req() const noexcept { return request_; }

  // Called by the transport, exactly once.
  void complete(response result) {
    response_ = std::move(result);
    scheduler_.post(waiter_);
  }

  bool await_ready() const noexcept { return false; }
  void await_suspend(coro::coroutine_handle<> waiter);
  void await_resume() const noexcept {}

 private:
  scheduler& scheduler_;
  transport& transport_;
  request request_;
  response& response_;
  coro::coroutine_handle<> waiter_;
};

class transport {
 public:
  virtual ~transport() = default;
  // Begins `t` (its request is t.req()); t stays alive until the transport calls t.complete().
  virtual void start(transfer& t) = 0;
  // A short name for reports: "sim", "curl", "fetch".
  [[nodiscard]] virtual std::string_view name() const noexcept = 0;
};

inline void transfer::await_suspend(coro::coroutine_handle<> waiter) {
  waiter_ = waiter;
  transport_.start(*this);
}

}  // namespace crawlbench
