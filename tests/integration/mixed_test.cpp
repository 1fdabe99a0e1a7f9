// The CPU + I/O workload for real: bcrypt through libxcrypt, POSTs through libcurl to a delay
// server on loopback; every answer echoes the hash back. Small N, bounded times.
#include <catch2/catch.hpp>

#include <crypt.h>

#include "bcrypt_task.hpp"
#include "cpu_thread.hpp"
#include "cli_support.hpp"
#include "crawlbench/mixed.hpp"
#include "native_client.hpp"
#include "scripted_server.hpp"
#include "server_fixture.hpp"

using namespace crawlbench;
using test::run_cli;
using namespace std::chrono_literals;

namespace {
// One mode on `client`: the tests here run on both native transports.
mixed_result run_real(native::native_client client, const std::string& server, mixed_mode mode, std::size_t items,
                      std::int64_t delay_ms, int cost = 4) {
  native::bcrypt_task cpu{cost};
  mixed_config config;
  config.mode = mode;
  config.server = url_target{server};
  config.items = items;
  config.delay_ms = delay_ms;
  config.batch = 5;
  config.timeout_ms = 10'000;
  real_clock time;
  scheduler sched{time};
  native::cpu_thread beside{sched, cpu};
  return native::run_on_client(client, sched, time, {}, {},
                               [&](auto& transport) { return run_mixed(sched, transport, cpu, config, &beside); });
}

// The longest I/O segment and the shortest CPU segment of a run.
std::pair<double, double> longest_io_shortest_cpu(const mixed_result& r) {
  double io = 0, cpu = 1e9;
  for (const auto& s : r.segments) {
    const double length = to_seconds(s.end - s.start);
    if (s.what == mixed_segment::kind::io) io = std::max(io, length);
    else cpu = std::min(cpu, length);
  }
  return {io, cpu};
}
}  // namespace

TEST_CASE("bcrypt task: real $2b$ hashes that libxcrypt verifies") {
  native::bcrypt_task cpu{5, 42};
  const std::string hash = cpu.run("abcdefghij");
  CHECK(hash.rfind("$2b$05$", 0) == 0);
  CHECK(hash.size() == 60);
  crypt_data data{};
  const char* again = crypt_rn("abcdefghij", hash.c_str(), &data, sizeof data);
  REQUIRE(again != nullptr);
  CHECK(std::string(again) == hash);
  CHECK(cpu.run("abcdefghij") != hash);  // a new salt each time
  CHECK_THROWS_AS(native::bcrypt_task(3), std::invalid_argument);
  CHECK_THROWS_AS(native::bcrypt_task(32), std::invalid_argument);
}

TEST_CASE("mixed, real: every mode's POSTs are answered and echoed, serial pays every delay") {
  const auto client = GENERATE(native::native_client::curl, native::native_client::asio);
  INFO(native::to_string(client));
  test::running_server s;
  const std::string url = "http://127.0.0.1:" + std::to_string(s.port());
  const auto serial = run_real(client, url, mixed_mode::serial, 20, 30);
  CHECK(serial.ok == 20);
  CHECK(serial.errors.empty());
  CHECK(serial.seconds >= 20 * 0.030);
  const auto batched = run_real(client, url, mixed_mode::batched, 20, 30);
  CHECK(batched.ok == 20);
  CHECK(batched.seconds >= 4 * 0.030);  // 4 batches of 5
  const auto async = run_real(client, url, mixed_mode::async, 20, 30);
  CHECK(async.ok == 20);
  CHECK(async.seconds >= 0.030);
  CHECK(async.seconds < serial.seconds);
  const auto noio = run_real(client, url, mixed_mode::noio, 20, 30);
  CHECK(noio.sent == 0);
  CHECK(noio.segments.size() == 20);
  const auto threaded = run_real(client, url, mixed_mode::threaded, 20, 30);
  CHECK(threaded.ok == 20);
  CHECK(threaded.errors.empty());
  CHECK(threaded.seconds < serial.seconds);
}

TEST_CASE("mixed, real: threaded takes answers during a hash, async only after the next one") {
  const auto client = GENERATE(native::native_client::curl, native::native_client::asio);
  INFO(native::to_string(client));
  // Hashes of cost 11 (about 0.1 s) against a 20 ms delay. In async an answer waits for the end
  // of the next hash, so a POST lasts longer than a hash; in threaded the loop takes it when it
  // arrives, well within the hash it arrived during.
  test::running_server s;
  const std::string url = "http://127.0.0.1:" + std::to_string(s.port());
  const auto async = run_real(client, url, mixed_mode::async, 3, 20, 11);
  const auto threaded = run_real(client, url, mixed_mode::threaded, 3, 20, 11);
  REQUIRE(async.ok == 3);
  REQUIRE(threaded.ok == 3);
  const auto [async_io, async_cpu] = longest_io_shortest_cpu(async);
  const auto [threaded_io, threaded_cpu] = longest_io_shortest_cpu(threaded);
  CHECK(async_io > async_cpu);
  CHECK(threaded_io >= 0.020);
  CHECK(threaded_io < 0.5 * threaded_cpu);
}

TEST_CASE("crawlbench mixed: the table and exit 0 - bad options exit 2 - failed POSTs exit 1 and are named") {
  std::string out;
  REQUIRE(run_cli("mixed --items 10 --cost 4 --delay 10 --batch 5", out) == 0);
  for (const char* mode : {"noio", "serial", "batched", "async", "threaded"}) CHECK(out.find(std::string("\n") + mode) != std::string::npos);
  CHECK(out.find("bcrypt cost 4") != std::string::npos);
  CHECK(out.find("FAILED") == std::string::npos);

  CHECK(run_cli("mixed --mode threads", out) == 2);
  CHECK(out.find("unknown mode \"threads\"") != std::string::npos);
  CHECK(run_cli("mixed --cost 3", out) == 2);

  const auto port = test::closed_port();
  CHECK(run_cli("mixed --server http://127.0.0.1:" + std::to_string(port) + " --mode serial --items 3 --cost 4", out) == 1);
  CHECK(out.find("FAILED serial: 3 of 3 POSTs: connection refused x 3") != std::string::npos);

  REQUIRE(run_cli("mixed --items 6 --cost 4 --delay 5 --mode async --json", out) == 0);
  CHECK(out.find("\"format\": \"crawlbench-mixed\"") != std::string::npos);
  CHECK(out.find("\"ok\": 6") != std::string::npos);
}

TEST_CASE("mixed, real: a POST whose kept-alive connection the server closed is retried once and counts as ok") {
  const auto client = GENERATE(native::native_client::curl, native::native_client::asio);
  INFO(native::to_string(client));
  // The delay server's answer (the hash echoed back), then the connection closes 20 ms later,
  // dropping the next POST unread. The server's POST is idempotent by design, so it is retried.
  test::scripted_server s{test::scripted_server::exchange_script{[](int fd, const test::scripted_server::exchange& request) {
    const std::string echo = R"({"result": ")" + request.body + R"(", "t": 0})";
    test::scripted_server::write_all(fd, "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Type: application/json\r\n"
                                         "Content-Length: " + std::to_string(echo.size()) + "\r\n\r\n" + echo);
    std::this_thread::sleep_for(20ms);
    return false;
  }}};
  for (const auto mode : {mixed_mode::serial, mixed_mode::async}) {
    INFO(to_string(mode));
    const auto r = run_real(client, s.url(), mode, 10, 0);
    CHECK(r.ok == 10);
    CHECK(r.errors.empty());
    CHECK(r.retries > 0);
    CHECK(r.retries <= 10);
  }
  CHECK(s.requests() == 20);  // each POST answered once
}
