// The crawler against servers that misbehave (tests/integration/scripted_server.hpp, real sockets
// on 127.0.0.1): a 5xx, a wrong body, a reset half-way through a response, a trickle. Every
// request ends, within its timeout, counted as failed by kind: never as a success.
#include <catch2/catch.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <map>
#include <thread>

#include "crawlbench/result.hpp"
#include "native_client.hpp"
#include "scripted_server.hpp"

using namespace crawlbench;
using namespace std::chrono_literals;
using test::scripted_server;

namespace {
// One crawl of `server` on `client`; every test here runs on both native transports, which must
// fail the same way.
strategy_result crawl(native::native_client client, const std::string& server, std::size_t num, std::int64_t timeout_ms = 10'000,
                      strategy_kind strategy = strategy_kind::aiohttp, std::size_t concurrency = 4,
                      double rate_rps = 0) {
  crawl_config config;
  config.strategy = strategy;
  config.server = url_target{server};
  config.num = num;
  config.delay_ms = 0;
  config.concurrency = concurrency;
  config.rate_rps = rate_rps;
  config.timeout_ms = timeout_ms;
  real_clock time;
  scheduler sched{time};
  return summarize(native::run_on_client(client, sched, time, {}, {},
                                         [&](auto& transport) { return run_crawl(sched, transport, config); }));
}

// The only kind of failure in `r`, and how many.
std::pair<std::string, std::size_t> only_kind(const strategy_result& r) {
  REQUIRE(r.error_kinds.size() == 1);
  return *r.error_kinds.begin();
}
}  // namespace

TEST_CASE("crawler faults: a 503 is an http_error, never a success") {
  const auto client = GENERATE(native::native_client::curl, native::native_client::asio);
  INFO(native::to_string(client));
  scripted_server s{[](int fd) {
    return scripted_server::write_all(fd, "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\n\r\nbusy");
  }};
  const auto r = crawl(client, s.url(), 12);
  CHECK(r.ok == 0);
  CHECK_FALSE(r.succeeded());
  CHECK(only_kind(r) == std::pair<std::string, std::size_t>{"http_error", 12});
  CHECK(s.requests() == 12);
}

TEST_CASE("crawler faults: a 200 with the wrong body is unexpected_body") {
  const auto client = GENERATE(native::native_client::curl, native::native_client::asio);
  INFO(native::to_string(client));
  scripted_server s{[](int fd) { return scripted_server::write_all(fd, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx"); }};
  const auto r = crawl(client, s.url(), 12);
  CHECK(r.ok == 0);
  CHECK(only_kind(r) == std::pair<std::string, std::size_t>{"unexpected_body", 12});
}

TEST_CASE("crawler faults: a connection reset half-way through a response is connection_reset") {
  const auto client = GENERATE(native::native_client::curl, native::native_client::asio);
  INFO(native::to_string(client));
  scripted_server s{[](int fd) {
    scripted_server::write_all(fd, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n..");
    std::this_thread::sleep_for(20ms);  // the head and 2 bytes are on their way
    scripted_server::reset(fd);
    return false;
  }};
  const auto started = std::chrono::steady_clock::now();
  const auto r = crawl(client, s.url(), 8);
  CHECK(std::chrono::steady_clock::now() - started < 5s);
  CHECK(r.ok == 0);
  CHECK(only_kind(r) == std::pair<std::string, std::size_t>{"connection_reset", 8});
}

TEST_CASE("crawler faults: a trickling response ends at the timeout, or arrives whole and is checked") {
  const auto client = GENERATE(native::native_client::curl, native::native_client::asio);
  INFO(native::to_string(client));
  // A 10-byte body, a byte every 50 ms: half a second to arrive.
  const auto trickle = [](int fd) {
    if (!scripted_server::write_all(fd, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n")) return false;
    for (int i = 0; i < 10; ++i) {
      std::this_thread::sleep_for(50ms);
      if (!scripted_server::write_all(fd, ".")) return false;
    }
    return true;
  };
  {
    scripted_server s{trickle};
    const auto started = std::chrono::steady_clock::now();
    const auto r = crawl(client, s.url(), 4, 200);
    CHECK(std::chrono::steady_clock::now() - started < 2s);
    CHECK(only_kind(r) == std::pair<std::string, std::size_t>{"timeout", 4});
  }
  {
    scripted_server s{trickle};
    const auto r = crawl(client, s.url(), 4, 5'000);
    CHECK(r.ok == 0);  // it arrived, but ten dots are not the delay server's "."
    CHECK(only_kind(r) == std::pair<std::string, std::size_t>{"unexpected_body", 4});
  }
}

namespace {
constexpr std::array pooled_strategies = {strategy_kind::aiohttp, strategy_kind::tornado, strategy_kind::rate,
                                          strategy_kind::batched};
constexpr std::string_view kept_alive_dot = "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Length: 1\r\n\r\n.";

// Answers, then closes the connection `after` later, dropping unread whatever came meanwhile.
scripted_server::script answer_then_close(std::chrono::milliseconds after) {
  return [after](int fd) {
    scripted_server::write_all(fd, std::string(kept_alive_dot));
    std::this_thread::sleep_for(after);
    return false;
  };
}

std::size_t retried(const strategy_result& r) {
  std::size_t n = 0;
  for (const auto& s : r.spans) n += s.retries;
  return n;
}
}  // namespace

TEST_CASE("crawler faults: a kept-alive connection the server closes after answering loses no request") {
  const auto client = GENERATE(native::native_client::curl, native::native_client::asio);
  INFO(native::to_string(client));
  for (const auto strategy : pooled_strategies) {
    for (const std::size_t concurrency : {std::size_t{1}, std::size_t{4}}) {
      INFO(to_string(strategy) << " at C=" << concurrency);
      scripted_server s{answer_then_close(20ms)};
      const auto r = crawl(client, s.url(), 30, 10'000, strategy, concurrency, 200.0 * static_cast<double>(concurrency));
      CHECK(r.ok == 30);
      CHECK(r.error_kinds.empty());
      CHECK(r.retries > 0);  // the kept-alive connections did die under the requests
      CHECK(r.retries == retried(r));
      for (const auto& span : r.spans) CHECK(span.retries <= 1);
      CHECK(s.requests() == 30);  // each answered once: the requests sent on dying connections went unread
    }
  }
}

TEST_CASE("crawler faults: a server that closes after K requests per connection loses no request") {
  const auto client = GENERATE(native::native_client::curl, native::native_client::asio);
  INFO(native::to_string(client));
  constexpr std::size_t k = 3;
  for (const auto strategy : pooled_strategies) {
    INFO(to_string(strategy));
    {
      // Unannounced: the K-th answer says keep-alive, and the connection closes 20 ms later.
      scripted_server s{scripted_server::exchange_script{[](int fd, const scripted_server::exchange& request) {
        scripted_server::write_all(fd, std::string(kept_alive_dot));
        if (request.on_connection < k) return true;
        std::this_thread::sleep_for(20ms);
        return false;
      }}};
      const auto r = crawl(client, s.url(), 30, 10'000, strategy, 4, 800);
      CHECK(r.ok == 30);
      CHECK(r.error_kinds.empty());
      CHECK(r.retries > 0);
      for (const auto& span : r.spans) CHECK(span.retries <= 1);
      CHECK(s.requests() == 30);
    }
    {
      // Announced (`Connection: close` on the K-th answer): the client never reuses it, nothing to retry.
      scripted_server s{scripted_server::exchange_script{[](int fd, const scripted_server::exchange& request) {
        const bool last = request.on_connection == k;
        scripted_server::write_all(fd, last ? "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\n."
                                            : std::string(kept_alive_dot));
        return !last;
      }}};
      const auto r = crawl(client, s.url(), 30, 10'000, strategy, 4, 800);
      CHECK(r.ok == 30);
      CHECK(r.error_kinds.empty());
      CHECK(r.retries == 0);
      CHECK(s.connections() >= 30 / k);
    }
  }
}

TEST_CASE("crawler faults: a server that closes idle kept-alive connections loses no request") {
  const auto client = GENERATE(native::native_client::curl, native::native_client::asio);
  INFO(native::to_string(client));
  // Requests every 100 ms over 2 connections; the server closes one idle for 30 ms.
  scripted_server s{[](int fd) { return scripted_server::write_all(fd, std::string(kept_alive_dot)); }, 30ms};
  const auto r = crawl(client, s.url(), 8, 10'000, strategy_kind::rate, 2, 10);
  CHECK(r.ok == 8);
  CHECK(r.error_kinds.empty());
  for (const auto& span : r.spans) CHECK(span.retries <= 1);
  CHECK(s.connections() > 2);  // the idle ones were closed, and new ones opened
}

TEST_CASE("crawler faults: a request that fails on a fresh connection is an error, not retried") {
  const auto client = GENERATE(native::native_client::curl, native::native_client::asio);
  INFO(native::to_string(client));
  const auto reset_unanswered = [](int fd) {
    scripted_server::reset(fd);
    return false;
  };
  for (const auto strategy : {strategy_kind::aiohttp, strategy_kind::gevent}) {
    INFO(to_string(strategy));
    scripted_server s{reset_unanswered};
    const auto r = crawl(client, s.url(), 12, 10'000, strategy);
    CHECK(only_kind(r) == std::pair<std::string, std::size_t>{"connection_reset", 12});
    CHECK(r.retries == 0);  // every request died on a fresh connection
    CHECK(s.requests() == 12);
  }
}

TEST_CASE("crawler faults: a retry that dies on its new connection too is an error, retried once") {
  const auto client = GENERATE(native::native_client::curl, native::native_client::asio);
  INFO(native::to_string(client));
  // The first request is answered; every later one is reset unanswered. Requests on the kept-alive
  // connection are retried once, on a new connection, and fail there.
  std::atomic<bool> answered{false};
  scripted_server s{[&answered](int fd) {
    if (!answered.exchange(true)) return scripted_server::write_all(fd, std::string(kept_alive_dot));
    scripted_server::reset(fd);
    return false;
  }};
  const auto r = crawl(client, s.url(), 10, 10'000, strategy_kind::aiohttp, 1);
  CHECK(r.ok == 1);
  CHECK(r.error_kinds == std::map<std::string, std::size_t>{{"connection_reset", 9}});
  CHECK(r.spans[1].retries == 1);  // the one that went over the first request's kept-alive connection
  for (const auto& span : r.spans) CHECK(span.retries <= 1);
  CHECK(s.requests() == 10 + r.retries);
  CHECK(s.requests() <= 20);
}
