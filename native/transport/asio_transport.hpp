#pragma once
// The lab's fast native transport: Boost.Asio's reactor (epoll) with Beast's HTTP/1.1 serializer
// and parser, beside libcurl (curl_transport.hpp), which stays the default and the one that speaks
// HTTPS. It does only what a crawl needs: http:// URLs, GET and POST, fresh or pooled (kept-alive)
// connections, a per-request timeout, cancel. What it saves against libcurl: no per-transfer
// handle, option parsing or connection-cache walk; one parser object per response that stores no
// header; buffers kept per connection; the deadlines in one heap instead of a timer each.
// Errors are the same values as curl_transport's (transport.hpp), so every strategy, the retry of
// a dead kept-alive connection included, behaves the same on both.

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <queue>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "asio_connection.hpp"
#include "crawlbench/clock.hpp"
#include "crawlbench/http_url.hpp"
#include "crawlbench/stop.hpp"
#include "crawlbench/transport.hpp"

namespace crawlbench::native {

class asio_transport final : public transport {
 public:
  // Once `stop` is requested (from any thread) every transfer in flight, and every later one,
  // completes with transfer_error::cancelled. Throws only what Asio throws when it cannot set up
  // its reactor (std::system_error).
  explicit asio_transport(const clock& time, stop_token stop = {});
  ~asio_transport() override;
  asio_transport(const asio_transport&) = delete;
  asio_transport& operator=(const asio_transport&) = delete;

  // A URL that is not http:// completes at once with transfer_error::other and the reason (https:
  // "use --transport curl"); a host name is resolved once per host and port, then cached.
  void start(transfer& t) override;
  [[nodiscard]] std::string_view name() const noexcept override { return "asio"; }

  // One turn of the loop: waits for socket events, but not past `wake_by` (nothing: no limit; a
  // past time: do not wait) nor the earliest request deadline; runs every ready handler; times out
  // the requests past their deadline. Completions reach the scheduler through transfer::complete().
  void poll(std::optional<clock::time_point> wake_by);
  // After poll() threw (a bug): every transfer in flight, and every later one, completes with
  // transfer_error::other and `reason`.
  void abandon(const std::string& reason);
  [[nodiscard]] std::size_t in_flight() const noexcept { return busy_.size() + resolving_count_; }
  // From any thread: makes a poll() that is waiting return.
  void wake();
  // TCP connections opened so far: a pooled crawl at concurrency C opens C, a fresh one N.
  [[nodiscard]] std::size_t connections_opened() const noexcept { return connections_opened_; }
  // Connections open now, busy or idle: never more than were busy at once (idle ones to hosts no
  // longer asked are closed first).
  [[nodiscard]] std::size_t connections_open() const noexcept { return busy_.size() + idle_count_; }

 private:
  friend class asio_connection;
  // The connection hands an exchange back: its transfer completes, the connection goes idle in
  // its origin's pool or is closed and kept for its buffers.
  void finished(asio_connection& c);
  void keep_idle(asio_connection& c);
  void close_longest_idle();
  void opened() noexcept { ++connections_opened_; }

  struct waiting_transfer {
    transfer* t;
    std::string target;
    clock::time_point started;
    [[nodiscard]] std::optional<clock::time_point> deadline() const;  // its timeout counts while resolving
  };
  struct origin_state {
    std::string resolve_name;  // the URL's host, as parse_http_url gives it: what is resolved
    std::uint16_t port = 0;
    std::string pool_key;    // "host:port", the host in lower case (RFC 9110 §4.2.3)
    std::string url_prefix;  // the text before the path in the last URL that named it: "http://h:p"
    std::string host_field;  // the Host field's value
    asio_connection::endpoints endpoints;  // empty until resolved
    std::vector<asio_connection*> idle;    // kept-alive connections, most recently used last
    std::vector<waiting_transfer> waiting;  // transfers awaiting the host name's resolution
  };
  // A connection's entry in the deadline heap: at most one current entry per connection, so the
  // heap holds no more than the connections (a finished exchange's entry is moved to the
  // connection's next exchange, or dropped, when it comes to the top).
  struct idle_entry {
    std::uint64_t ticket;  // the connection's idle_ticket when it went idle: stale once it differs
    asio_connection* connection;
  };
  struct deadline {
    clock::time_point at;
    asio_connection* connection;
    bool operator>(const deadline& other) const noexcept { return at > other.at; }
  };

  origin_state& origin_of(const http_url& url, std::string_view prefix);
  origin_state& origin_named(const std::string& pool_key);
  origin_state* same_origin_as_last(std::string_view url, std::string_view& target, std::string& storage) const;
  void dispatch(transfer& t, origin_state& o, std::string_view target, clock::time_point started);
  void resolve(origin_state& o);
  void on_resolved(origin_state& o, const boost::system::error_code& ec);
  asio_connection& connection_for(origin_state& o, const request& req);
  void fail_at_once(transfer& t, transfer_error error, std::string message);
  void queue_deadline(asio_connection& c);
  void push_deadline(asio_connection& c);
  asio_connection& pop_deadline();
  [[nodiscard]] std::optional<clock::time_point> next_deadline();
  [[nodiscard]] std::optional<clock::time_point> next_resolve_deadline() const;
  void expire(clock::time_point now);
  void expire_resolving(clock::time_point now);
  void abort_all(transfer_error error, const std::string& message);
  void forget(asio_connection& c) noexcept;  // off busy_, in O(1)

  const clock& clock_;
  // One thread runs it and uses the sockets; wake() and the stop callback post from others, so the
  // scheduler locks, but the reactor's I/O does not (BOOST_ASIO_CONCURRENCY_HINT_UNSAFE_IO).
  boost::asio::io_context io_{BOOST_ASIO_CONCURRENCY_HINT_UNSAFE_IO};
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_{io_.get_executor()};
  // Never opened: making it makes Asio's reactor (its epoll and eventfd descriptors) now, so that
  // running out of descriptors later fails a connect, not the reactor's creation inside start().
  asio_connection::socket_type reactor_made_{io_.get_executor()};
  boost::asio::ip::tcp::resolver resolver_{io_};
  std::unordered_map<std::string, origin_state> origins_;  // by pool_key
  origin_state* last_origin_ = nullptr;  // the previous request's: a crawl's next is most likely the same
  std::vector<std::unique_ptr<asio_connection>> connections_;  // every one ever made, open or not
  std::vector<asio_connection*> closed_;  // closed, kept for their buffers
  std::vector<asio_connection*> busy_;    // carrying an exchange
  std::size_t peak_busy_ = 0;             // the most busy at once: open connections are kept to it
  std::deque<idle_entry> idle_order_;     // idle connections, longest idle first (and stale entries)
  std::size_t idle_count_ = 0;
  std::uint64_t next_idle_ticket_ = 0;
  std::priority_queue<deadline, std::vector<deadline>, std::greater<>> deadlines_;
  std::uint64_t next_exchange_ = 0;
  std::size_t resolving_count_ = 0;  // transfers waiting for a host name's resolution
  std::size_t connections_opened_ = 0;
  std::atomic<bool> cancelled_{false};
  std::optional<std::string> abandoned_;
  std::optional<stop_callback> on_stop_;  // last: registered once the rest is set up
};

}  // namespace crawlbench::native

#include "native_loop.hpp"
