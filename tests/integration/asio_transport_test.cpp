// The asio transport's own behaviour, beyond what every strategy test checks on both native
// transports (curl_crawl_test, crawler_faults_test, mixed_test): HTTP/1.1 framing read by Beast's
// parser (chunked, close-delimited, 1xx, a malformed answer), what it sends (Host, header lines,
// a POST body, Connection: close when fresh), names, IPv6, https refused, and cancel. Real
// sockets on 127.0.0.1 and ::1, ephemeral ports, bounded waits.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "asio_transport.hpp"
#include "crawlbench/http_client.hpp"
#include "crawlbench/when_all.hpp"
#include "scripted_server.hpp"
#include "server_fixture.hpp"

using namespace crawlbench;
using namespace std::chrono_literals;
using test::scripted_server;

namespace {
request_options pooled(std::chrono::milliseconds timeout = 5s) {
  request_options o;
  o.reuse = connection_reuse::pooled;
  o.timeout = timeout;
  return o;
}

// GETs `urls` through an http_client on a fresh asio transport, all at once; their responses in order.
std::vector<response> get_all(const std::vector<std::string>& urls, request_options options = pooled(),
                              stop_token stop = {}, std::size_t* opened = nullptr) {
  real_clock time;
  scheduler sched{time};
  native::asio_transport transport{time, stop};
  http_client client{sched, transport, options};
  std::vector<task<response>> gets;
  for (const auto& url : urls) gets.push_back(client.get(url));
  auto responses = native::run_on(sched, transport, when_all(std::move(gets)));
  if (opened) *opened = transport.connections_opened();
  return responses;
}

response get_one(const std::string& url, request_options options = pooled()) { return get_all({url}, options).at(0); }

// A scripted answer: `bytes` as they are; the connection kept when `keep`.
scripted_server::script answer(std::string bytes, bool keep = true) {
  return [bytes = std::move(bytes), keep](int fd) { return scripted_server::write_all(fd, bytes) && keep; };
}

// The heads of the requests a scripted server read, in order.
struct recorded_heads {
  std::mutex mutex;
  std::vector<scripted_server::exchange> seen;
  scripted_server::exchange_script answering(std::string bytes) {
    return [this, bytes = std::move(bytes)](int fd, const scripted_server::exchange& e) {
      {
        const std::lock_guard lock{mutex};
        seen.push_back(e);
      }
      return scripted_server::write_all(fd, bytes);
    };
  }
  std::vector<scripted_server::exchange> taken() {
    const std::lock_guard lock{mutex};
    return seen;
  }
};

// A scripted server that records every request's head and answers 200 ".", and an http_client on
// an asio transport that sends `header_lines` with each request.
struct recording_rig {
  recorded_heads heads;
  scripted_server server{heads.answering("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n.")};
  std::vector<std::string> lines;
  real_clock time;
  scheduler sched{time};
  native::asio_transport transport{time};
  http_client client;

  explicit recording_rig(std::vector<std::string> header_lines = {})
      : lines(std::move(header_lines)), client{sched, transport, with_headers(lines)} {}
  static request_options with_headers(const std::vector<std::string>& header_lines) {
    auto options = pooled();
    options.headers = header_lines;
    return options;
  }
  template <typename T>
  T run(task<T> work) {
    return native::run_on(sched, transport, std::move(work));
  }
  [[nodiscard]] std::string port() const { return server.url().substr(server.url().rfind(':') + 1); }
};
}  // namespace

TEST_CASE("asio transport reads a chunked body, counting every byte") {
  scripted_server s{answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;ext=1\r\nde\r\n0\r\n\r\n")};
  const auto r = get_one(s.url() + "/x");
  CHECK(r.error == transfer_error::none);
  CHECK(r.status == 200);
  CHECK(r.body == "abcde");
  CHECK(r.body_bytes == 5);
}

TEST_CASE("asio transport reads a body that ends when the server closes, and opens a new connection after it") {
  scripted_server s{answer("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end", false)};
  std::size_t opened = 0;
  const auto rs = get_all({s.url(), s.url()}, pooled(), {}, &opened);
  for (const auto& r : rs) {
    CHECK(r.error == transfer_error::none);
    CHECK(r.body == "until the end");
  }
  CHECK(opened == 2);
}

TEST_CASE("asio transport keeps the first 4096 bytes of a large body and counts the rest") {
  const std::string body(100'000, 'z');
  scripted_server s{answer("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + body)};
  const auto r = get_one(s.url());
  CHECK(r.error == transfer_error::none);
  CHECK(r.body_bytes == 100'000);
  CHECK(r.body.size() == response::max_kept_body);
}

TEST_CASE("asio transport skips a 100 Continue and reads the final response") {
  scripted_server s{answer("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok")};
  const auto r = get_one(s.url());
  CHECK(r.status == 201);
  CHECK(r.body == "ok");
}

TEST_CASE("asio transport fails a malformed response as other, with Beast's reason, and no status") {
  scripted_server s{answer("HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n")};
  const auto r = get_one(s.url());
  CHECK(r.error == transfer_error::other);
  CHECK(r.error_message.rfind("bad response: ", 0) == 0);
  CHECK(r.status == 0);
}

TEST_CASE("asio transport sends Host, the request's header lines and a POST body") {
  recording_rig rig{{"X-Token: secret", "Accept: text/plain", "X-Empty:"}};
  const auto r = rig.run(rig.client.post(rig.server.url() + "/add?name=a#fragment", "hello"));
  CHECK(r.error == transfer_error::none);
  const auto seen = rig.heads.taken();
  REQUIRE(seen.size() == 1);
  const auto& head = seen[0].head;
  INFO(head);
  CHECK(head.rfind("POST /add?name=a HTTP/1.1\r\n", 0) == 0);  // never the fragment
  CHECK(head.find("Host: 127.0.0.1:" + rig.port() + "\r\n") != std::string::npos);
  CHECK(head.find("X-Token: secret\r\n") != std::string::npos);
  CHECK(head.find("Accept: text/plain\r\n") != std::string::npos);
  CHECK(head.find("Accept: */*") == std::string::npos);  // the request's own Accept replaces the default
  CHECK(head.find("X-Empty: \r\n") != std::string::npos);
  CHECK(head.find("\r\nContent-Length: 5") != std::string::npos);
  CHECK(seen[0].body == "hello");
}

TEST_CASE("asio transport asks for Connection: close on a fresh connection, and opens one per request") {
  recorded_heads heads;
  scripted_server s{heads.answering("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n.")};
  auto options = pooled();
  options.reuse = connection_reuse::fresh;
  std::size_t opened = 0;
  const auto rs = get_all({s.url(), s.url(), s.url()}, options, {}, &opened);
  for (const auto& r : rs) CHECK(r.connection == connection_use::opened);
  CHECK(opened == 3);
  for (const auto& e : heads.taken()) CHECK(e.head.find("\r\nConnection: close") != std::string::npos);
}

TEST_CASE("asio transport resolves a host name, and crawls a server on ::1") {
  scripted_server s{answer("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n.")};
  const auto port = s.url().substr(s.url().rfind(':') + 1);
  const auto named = get_all({"http://localhost:" + port + "/", "http://localhost:" + port + "/"});
  for (const auto& r : named) CHECK(r.error == transfer_error::none);
  server::server_options o;
  o.host = "::1";
  test::running_server v6{o};
  const auto r = get_one(v6.server.url() + "/add?name=v6&delay=0");
  CHECK(r.error == transfer_error::none);
  CHECK(r.status == 200);
  const auto unknown = get_one("http://no-such-host.invalid:1/");
  CHECK(unknown.error == transfer_error::other);
  CHECK(unknown.error_message.find("cannot resolve no-such-host.invalid:1") != std::string::npos);
}

TEST_CASE("asio transport refuses an https URL at once, naming curl, and sends nothing") {
  scripted_server s{answer("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n.")};
  const auto r = get_one("https://127.0.0.1:" + s.url().substr(s.url().rfind(':') + 1) + "/");
  CHECK(r.error == transfer_error::other);
  CHECK(r.error_message.find("--transport curl") != std::string::npos);
  CHECK(s.connections() == 0);
}

TEST_CASE("asio transport cancels every request in flight when stop is requested, at once") {
  scripted_server s{[](int fd) {
    std::this_thread::sleep_for(3s);  // never answers within the test
    return scripted_server::write_all(fd, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n.");
  }};
  stop_source stop;
  std::thread stopper([&stop] {
    std::this_thread::sleep_for(200ms);
    stop.request_stop();
  });
  const auto started = std::chrono::steady_clock::now();
  const auto rs = get_all(std::vector<std::string>(5, s.url()), pooled(10s), stop.token());
  stopper.join();
  CHECK(std::chrono::steady_clock::now() - started < 2s);
  for (const auto& r : rs) CHECK(r.error == transfer_error::cancelled);
}

TEST_CASE("asio transport keeps the request's own Host and repeated header lines on every request of a connection") {
  recording_rig rig{{"Host: example.test", "X-A: 1", "X-A: 2"}};
  const auto three = [&rig]() -> task<void> {
    for (int i = 0; i < 3; ++i) (void)co_await rig.client.get(rig.server.url() + "/r" + std::to_string(i));
  };
  rig.run(three());
  CHECK(rig.transport.connections_opened() == 1);
  const auto seen = rig.heads.taken();
  REQUIRE(seen.size() == 3);
  for (const auto& e : seen) {
    INFO(e.head);
    CHECK(e.head.find("\r\nHost: example.test") != std::string::npos);
    CHECK(e.head.find("Host: 127.0.0.1") == std::string::npos);
    CHECK(e.head.find("\r\nX-A: 1\r\nX-A: 2") != std::string::npos);  // both, in order
  }
}

TEST_CASE("asio transport sends a POST's Content-Type as libcurl does") {
  recording_rig rig;
  (void)rig.run(rig.client.post(rig.server.url() + "/add", "a=1"));
  const auto seen = rig.heads.taken();
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].head.find("\r\nContent-Type: application/x-www-form-urlencoded") != std::string::npos);
}

TEST_CASE("asio transport takes a header block up to libcurl's 100 KiB and refuses a larger one") {
  const std::string cookie(50'000, 'c');
  scripted_server big{answer("HTTP/1.1 200 OK\r\nSet-Cookie: " + cookie + "\r\nContent-Length: 1\r\n\r\n.")};
  CHECK(get_one(big.url()).error == transfer_error::none);
  const std::string huge(200'000, 'c');
  scripted_server too_big{answer("HTTP/1.1 200 OK\r\nSet-Cookie: " + huge + "\r\nContent-Length: 1\r\n\r\n.")};
  const auto r = get_one(too_big.url());
  CHECK(r.error == transfer_error::other);
  CHECK(r.error_message.rfind("bad response: ", 0) == 0);
}

TEST_CASE("asio transport fails a 101 Switching Protocols and never pools its connection") {
  scripted_server s{answer("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")};
  std::size_t opened = 0;
  const auto rs = get_all({s.url(), s.url()}, pooled(), {}, &opened);
  for (const auto& r : rs) {
    CHECK(r.error == transfer_error::other);
    CHECK(r.error_message.find("101") != std::string::npos);
  }
  CHECK(opened == 2);
}

TEST_CASE("asio transport pools by host name without case") {
  recording_rig rig;
  const auto two = [&rig]() -> task<void> {
    (void)co_await rig.client.get("http://localhost:" + rig.port() + "/a");
    (void)co_await rig.client.get("http://LocalHost:" + rig.port() + "/b");
  };
  rig.run(two());
  CHECK(rig.transport.connections_opened() == 1);
}

// Not under AddressSanitizer (+ UBSan): with every descriptor taken, the sanitizers' runtime cannot
// open the pipe it checks memory through, and reports a false vptr error in Catch's own code.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CRAWLBENCH_UNDER_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define CRAWLBENCH_UNDER_ASAN 1
#endif
#if !defined(CRAWLBENCH_UNDER_ASAN)
TEST_CASE("asio transport fails a request whose socket cannot be opened as too_many_connections, and goes on") {
  recording_rig rig;  // the transport's epoll and eventfd descriptors first
  std::vector<int> filler;  // every free descriptor taken, so the next socket() fails with EMFILE
  for (int fd = ::dup(0); fd >= 0; fd = ::dup(0)) filler.push_back(fd);
  const int why = errno;  // checked once descriptors are free again: Catch's reporting may need one
  const auto starved = rig.run(rig.client.get(rig.server.url()));
  for (const int fd : filler) ::close(fd);
  REQUIRE(why == EMFILE);
  CHECK(starved.error == transfer_error::too_many_connections);
  CHECK(rig.run(rig.client.get(rig.server.url())).error == transfer_error::none);
}
#endif

TEST_CASE("asio transport keeps no more connections open than were busy at once, over many hosts") {
  server::server_options o;
  o.port = 0;
  o.extra_ports = 9;  // ten origins
  test::running_server s{o};
  real_clock time;
  scheduler sched{time};
  native::asio_transport transport{time};
  http_client client{sched, transport, pooled()};
  std::size_t failed = 0;
  const auto one_at_a_time = [&]() -> task<void> {
    for (std::size_t i = 0; i < 30; ++i) {
      const auto url = "http://127.0.0.1:" + std::to_string(s.port(i % 10)) + "/add?name=many&delay=0";
      if ((co_await client.get(url)).status != 200) ++failed;
    }
  };
  native::run_on(sched, transport, one_at_a_time());
  CHECK(failed == 0);
  CHECK(transport.connections_opened() == 30);  // each host's idle connection was closed before it came round again
  CHECK(transport.connections_open() == 1);
}
