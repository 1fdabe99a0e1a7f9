// The crawler against servers that misbehave (tests/integration/scripted_server.hpp, real sockets
// on 127.0.0.1): a 5xx, a wrong body, a reset half-way through a response, a trickle. Every
// request ends, within its timeout, counted as failed by kind: never as a success.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "crawlbench/result.hpp"
#include "curl_transport.hpp"
#include "scripted_server.hpp"

using namespace crawlbench;
using namespace std::chrono_literals;
using test::scripted_server;

namespace {
strategy_result crawl(const std::string& server, std::size_t num, std::int64_t timeout_ms = 10'000) {
  crawl_config config;
  config.strategy = strategy_kind::aiohttp;
  config.server = server;
  config.num = num;
  config.delay_ms = 0;
  config.concurrency = 4;
  config.timeout_ms = timeout_ms;
  real_clock time;
  scheduler sched{time};
  native::curl_transport transport{time};
  return summarize(native::run_on_curl(sched, transport, run_crawl(sched, transport, config)));
}

// The only kind of failure in `r`, and how many.
std::pair<std::string, std::size_t> only_kind(const strategy_result& r) {
  REQUIRE(r.error_kinds.size() == 1);
  return *r.error_kinds.begin();
}
}  // namespace

TEST_CASE("crawler faults: a 503 is an http_error, never a success") {
  scripted_server s{[](int fd) {
    return scripted_server::write_all(fd, "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\n\r\nbusy");
  }};
  const auto r = crawl(s.url(), 12);
  CHECK(r.ok == 0);
  CHECK_FALSE(r.succeeded());
  CHECK(only_kind(r) == std::pair<std::string, std::size_t>{"http_error", 12});
  CHECK(s.requests() == 12);
}

TEST_CASE("crawler faults: a 200 with the wrong body is unexpected_body") {
  scripted_server s{[](int fd) { return scripted_server::write_all(fd, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx"); }};
  const auto r = crawl(s.url(), 12);
  CHECK(r.ok == 0);
  CHECK(only_kind(r) == std::pair<std::string, std::size_t>{"unexpected_body", 12});
}

TEST_CASE("crawler faults: a connection reset half-way through a response is connection_reset") {
  scripted_server s{[](int fd) {
    scripted_server::write_all(fd, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n..");
    std::this_thread::sleep_for(20ms);  // the head and 2 bytes are on their way
    scripted_server::reset(fd);
    return false;
  }};
  const auto started = std::chrono::steady_clock::now();
  const auto r = crawl(s.url(), 8);
  CHECK(std::chrono::steady_clock::now() - started < 5s);
  CHECK(r.ok == 0);
  CHECK(only_kind(r) == std::pair<std::string, std::size_t>{"connection_reset", 8});
}

TEST_CASE("crawler faults: a trickling response ends at the timeout, or arrives whole and is checked") {
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
    const auto r = crawl(s.url(), 4, 200);
    CHECK(std::chrono::steady_clock::now() - started < 2s);
    CHECK(only_kind(r) == std::pair<std::string, std::size_t>{"timeout", 4});
  }
  {
    scripted_server s{trickle};
    const auto r = crawl(s.url(), 4, 5'000);
    CHECK(r.ok == 0);  // it arrived, but ten dots are not the delay server's "."
    CHECK(only_kind(r) == std::pair<std::string, std::size_t>{"unexpected_body", 4});
  }
}
