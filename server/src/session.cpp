#include "session.hpp"

#include <array>
#include <chrono>
#include <cstdio>
#include <tuple>
#include <variant>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/write.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <nlohmann/json.hpp>

#include "static_files.hpp"

namespace crawlbench::server {

namespace net = boost::asio;
namespace beast = boost::beast;

namespace {
constexpr auto as_values = net::as_tuple(net::use_awaitable);
constexpr std::uint32_t header_limit = 16 * 1024;
constexpr std::uint64_t body_limit = 1024 * 1024;
constexpr auto write_timeout = std::chrono::seconds(30);
constexpr auto tls_close_timeout = std::chrono::seconds(1);  // waiting for the client's close_notify
constexpr auto handshake_report_interval = std::chrono::seconds(10);

double epoch_seconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

net::awaitable<void> sleep_for(std::chrono::milliseconds delay) {
  if (delay.count() <= 0) co_return;  // no timer and no trip through the reactor for delay=0
  net::steady_timer timer{co_await net::this_coro::executor, delay};
  co_await timer.async_wait(as_values);
}

// --max-concurrency: holds one of the K slots while a request is served.
class concurrency_slot {
 public:
  static net::awaitable<concurrency_slot> take(server_state& state) {
    if (state.slots) co_await state.slots->async_send(boost::system::error_code{}, as_values);
    co_return concurrency_slot{state.slots.get()};
  }
  concurrency_slot(concurrency_slot&& other) noexcept : slots_(std::exchange(other.slots_, nullptr)) {}
  concurrency_slot& operator=(concurrency_slot&&) = delete;
  ~concurrency_slot() {
    if (slots_) slots_->try_receive([](boost::system::error_code) {});
  }

 private:
  explicit concurrency_slot(concurrency_slots* slots) : slots_(slots) {}
  concurrency_slots* slots_;
};

// What serve() decided: a message, or the `200 .` answer whose bytes are prepared once.
struct dot_answer {
  unsigned version;
  bool keep_alive;
};
using answer = std::variant<response_t, dot_answer>;

net::awaitable<answer> serve(const request_t& req, server_state& state) {
  route r = route_request(req, state.limits);
  if (auto* now = std::get_if<reply_now>(&r)) co_return std::move(now->response);

  if (auto* add = std::get_if<sleep_then_dot>(&r)) {
    auto slot = co_await concurrency_slot::take(state);
    const double start = epoch_seconds();
    co_await sleep_for(add->delay);
    state.metrics.record(add->name, start, epoch_seconds());
    co_return dot_answer{req.version(), req.keep_alive()};
  }

  if (auto* post = std::get_if<sleep_then_echo>(&r)) {
    auto slot = co_await concurrency_slot::take(state);
    const auto slept_from = std::chrono::steady_clock::now();
    const double start = epoch_seconds();
    co_await sleep_for(post->delay);
    state.metrics.record(post->name, start, epoch_seconds());
    const double slept = std::chrono::duration<double>(std::chrono::steady_clock::now() - slept_from).count();
    co_return make_response(req, http::status::ok, nlohmann::json{{"result", post->body}, {"t", slept}}.dump(),
                            "application/json");
  }

  if (std::holds_alternative<flush_metrics>(r)) {
    if (auto flushed = state.metrics.flush(state.options.metrics_file); !flushed) {
      co_return error_response(req, http::status::internal_server_error, "Cannot write metrics: " + flushed.error().message);
    }
    co_return make_response(req, http::status::ok,
                            nlohmann::json{{"flushed", state.options.metrics_file},
                                           {"stored_spans", state.metrics.stored()}}
                                .dump(),
                            "application/json");
  }

  if (auto* show = std::get_if<show_metrics>(&r)) {
    co_return make_response(req, http::status::ok, state.metrics.to_json(show->name), "application/json");
  }
  if (std::holds_alternative<show_origins>(r)) {
    co_return make_response(req, http::status::ok, state.origins_json, "application/json");
  }

  const auto& file = std::get<static_file>(r);
  if (state.options.web_root.empty() && file.path == "index.html") {
    co_return make_response(req, http::status::ok, builtin_index_page(), "text/html; charset=UTF-8");
  }
  auto body = load_static_file(state.options.web_root, file.path);
  if (!body) co_return error_response(req, http::status::not_found, "Not Found");
  co_return make_response(req, http::status::ok, std::move(body->content), body->content_type);
}

// The answer to a request the parser refused, or nothing when the connection just ended.
std::optional<response_t> refusal(const boost::system::error_code& ec) {
  request_t minimal{http::verb::get, "/", 11};
  minimal.keep_alive(false);
  if (ec == http::error::header_limit) {
    return error_response(minimal, http::status::request_header_fields_too_large, "Request Header Fields Too Large");
  }
  if (ec == http::error::body_limit) return error_response(minimal, http::status::payload_too_large, "Payload Too Large");
  if (ec.category() == make_error_code(http::error::bad_method).category() && ec != http::error::end_of_stream &&
      ec != http::error::partial_message) {
    return error_response(minimal, http::status::bad_request, "Bad Request");
  }
  return std::nullopt;
}
// The method of a request the parser refused, so a refused HEAD gets no body either: the parser's
// once it has read the request line, else the first word of the bytes it left unread (RFC 9112
// §2.2: empty lines before the request line are ignored). verb::unknown when there is none.
http::verb refused_method(const http::request_parser<http::string_body>& parser, const beast::flat_buffer& buffer) {
  if (parser.get().method() != http::verb::unknown) return parser.get().method();
  std::string_view unread{static_cast<const char*>(buffer.data().data()), buffer.size()};
  while (unread.starts_with("\r\n")) unread.remove_prefix(2);
  return http::string_to_verb(unread.substr(0, unread.find(' ')));
}

// Every answer leaves through here, the one place that knows the request's method: no answer to
// HEAD carries content (answer_for_method). True when the connection may serve another request.
template <typename Stream>
net::awaitable<bool> write_answer(Stream& stream, answer& result, http::verb method, bool stopping) {
  beast::get_lowest_layer(stream).expires_after(write_timeout);
  bool keep_alive = false;
  boost::system::error_code ec;
  if (auto* res = std::get_if<response_t>(&result)) {
    res->keep_alive(res->keep_alive() && !stopping);
    keep_alive = res->keep_alive();
    answer_for_method(*res, method);
    std::tie(ec, std::ignore) = co_await http::async_write(stream, *res, as_values);
  } else {
    const auto& dot = std::get<dot_answer>(result);
    keep_alive = dot.keep_alive && !stopping;
    const auto bytes = answer_for_method(dot_response(dot.version, keep_alive), method);
    std::tie(ec, std::ignore) = co_await net::async_write(stream, net::buffer(bytes.data(), bytes.size()), as_values);
  }
  co_return !ec && keep_alive;
}

// After refusing a request whose rest is still arriving, read and drop that rest for a moment
// before closing: closing with unread data sends a reset, which can destroy the answer in flight.
template <typename Stream>
net::awaitable<void> drain(Stream& stream) {
  boost::system::error_code ignored;
  beast::get_lowest_layer(stream).socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
  beast::get_lowest_layer(stream).expires_after(std::chrono::milliseconds(500));
  std::array<char, 16 * 1024> sink{};
  for (std::size_t total = 0; total < 8 * body_limit;) {
    auto [ec, n] = co_await stream.async_read_some(net::buffer(sink), as_values);
    if (ec) break;
    total += n;
  }
}

// Requests and answers over `stream` (a tcp_stream, or an ssl_stream over one after its handshake)
// until the client leaves, a read times out, or an answer ends the connection.
template <typename Stream>
net::awaitable<void> serve_connection(Stream& stream, server_state& state) {
  auto& tcp = beast::get_lowest_layer(stream);
  beast::flat_buffer buffer;
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(header_limit);
    parser.body_limit(body_limit);
    tcp.expires_after(state.options.read_timeout);  // a client that never finishes is dropped
    auto [read_error, read_bytes] = co_await http::async_read(stream, buffer, parser, as_values);
    if (read_error) {
      if (auto refused = refusal(read_error)) {
        answer result = std::move(*refused);
        co_await write_answer(stream, result, refused_method(parser, buffer), true);
        co_await drain(stream);
      }
      co_return;
    }

    tcp.expires_never();  // the sleep may be long; nothing is read meanwhile
    const request_t& req = parser.get();
    ++state.active_requests;
    answer result;
    try {
      result = co_await serve(req, state);
    } catch (const std::exception& e) {
      result = error_response(req, http::status::internal_server_error, e.what());
    }
    --state.active_requests;
    if (!co_await write_answer(stream, result, req.method(), state.stopping)) co_return;
  }
}

// A failed handshake (an unknown CA at the client, plain HTTP sent to HTTPS, a client that never
// began it) ends its connection; one line on stderr says so, at most once per interval.
void report_handshake_failure(server_state& state, const boost::system::error_code& ec) {
  const std::int64_t now = std::chrono::steady_clock::now().time_since_epoch().count();
  std::int64_t next = state.next_handshake_report_ns.load(std::memory_order_relaxed);
  if (now < next) return;
  const auto interval = std::chrono::duration_cast<std::chrono::steady_clock::duration>(handshake_report_interval);
  if (!state.next_handshake_report_ns.compare_exchange_strong(next, now + interval.count())) return;
  std::fprintf(stderr, "crawlbench-server: a TLS handshake failed: %s (more in the next %lld s not shown)\n",
               ec.message().c_str(), static_cast<long long>(handshake_report_interval.count()));
}

// HTTPS: the handshake within the read timeout, the requests, then close_notify (RFC 8446 §6.1),
// waiting briefly for the client's.
net::awaitable<void> serve_tls(net::ip::tcp::socket socket, server_state& state) {
  beast::ssl_stream<beast::tcp_stream> stream{std::move(socket), *state.tls};
  beast::get_lowest_layer(stream).expires_after(state.options.read_timeout);
  auto [handshake_error] = co_await stream.async_handshake(net::ssl::stream_base::server, as_values);
  if (handshake_error) {
    report_handshake_failure(state, handshake_error);
    co_return;
  }
  co_await serve_connection(stream, state);
  beast::get_lowest_layer(stream).expires_after(tls_close_timeout);
  co_await stream.async_shutdown(as_values);
}
}  // namespace

net::awaitable<void> run_session(net::ip::tcp::socket socket, server_state& state) {
  if (state.tls) {
    co_await serve_tls(std::move(socket), state);
    co_return;
  }
  beast::tcp_stream stream{std::move(socket)};
  co_await serve_connection(stream, state);
  boost::system::error_code ignored;
  stream.socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
}

}  // namespace crawlbench::server
