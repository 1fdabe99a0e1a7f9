#pragma once
// The delay server's API as a pure function: a request in, what to do out. Sleeping, recording
// and flushing are left to the session (session.cpp), so every rule here is testable without a
// socket.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include <boost/beast/http.hpp>

namespace crawlbench::server {

namespace http = boost::beast::http;
using request_t = http::request<http::string_body>;
using response_t = http::response<http::string_body>;

struct route_limits {
  std::int64_t max_delay_ms = 60'000;
  std::int64_t default_get_delay_ms = 1024;  // the book's default
  std::int64_t default_post_delay_ms = 100;  // the book's CPU + I/O workload server
};

// Answer at once.
struct reply_now {
  response_t response;
};
// GET or HEAD /add: sleep, answer `.`, record {start, end} under `name`.
struct sleep_then_dot {
  std::string name;
  std::chrono::milliseconds delay;
};
// POST /add: sleep, answer {"result": <body>, "t": <seconds slept>}.
struct sleep_then_echo {
  std::string name;
  std::chrono::milliseconds delay;
  std::string body;
};
// GET or HEAD /add?flush=...: write the metrics file.
struct flush_metrics {};
// GET or HEAD /metrics[?name=N].
struct show_metrics {
  std::optional<std::string> name;
};
// GET or HEAD /origins: every listener's URL, so a browser can spread requests over several origins.
struct show_origins {};
// GET or HEAD / and static files: `path` is relative to the web root, already checked for traversal.
struct static_file {
  std::string path;
};

using route =
    std::variant<reply_now, sleep_then_dot, sleep_then_echo, flush_metrics, show_metrics, show_origins, static_file>;

// HEAD routes as GET does (RFC 9110 §9.3.2), its answers keeping their bodies here: the session
// drops them as it writes (answer_for_method), so every route and error path is covered at once.
[[nodiscard]] route route_request(const request_t& req, const route_limits& limits);

// A response with the headers every answer carries (CORS: Access-Control-Allow-Origin and
// Timing-Allow-Origin, both "*"; the server name; keep-alive as asked).
[[nodiscard]] response_t make_response(const request_t& req, http::status status, std::string body,
                                       const char* content_type);
// The answer to GET /add, by far the most frequent, serialized once: the same bytes make_response()
// would produce for `200 .`, without building and serializing a message per request.
[[nodiscard]] std::string_view dot_response(unsigned version, bool keep_alive) noexcept;
// The book's tornado error page: `<html><title>400: Invalid value for delay</title>...`.
[[nodiscard]] response_t error_response(const request_t& req, http::status status, const std::string& reason);

// RFC 9110 §9.3.2: the answer to HEAD is the answer GET would get without its content. Every answer
// the session writes passes through these. For HEAD, the response keeps its status and headers,
// Content-Length (the GET body's length in bytes, set by prepare_payload()) included, and loses its
// body; for any other method it is left as it is.
void answer_for_method(response_t& res, http::verb method);
// The same for a message serialized in advance (dot_response()): for HEAD, its header section alone
// (up to and including the blank line), else the whole message. `message` must hold "\r\n\r\n".
[[nodiscard]] std::string_view answer_for_method(std::string_view message, http::verb method) noexcept;

// The value of `key` in the query string, percent-decoded; nothing when absent or malformed.
[[nodiscard]] std::optional<std::string> query_argument(std::string_view target, std::string_view key);

}  // namespace crawlbench::server
