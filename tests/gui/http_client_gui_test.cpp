// The native GUI's choice of HTTP client (issue 20): the runner offers libcurl and the asio client,
// crawls and runs the CPU + I/O workload on the one chosen against a real crawlbench-server, and
// refuses, through its feed and before sending anything, a server the asio client cannot speak to.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "server_fixture.hpp"
#include "thread_runner.hpp"

using namespace crawlbench;
using namespace std::chrono_literals;

namespace {
// Waits for the runner to end (bounded: 20 s).
void wait_idle(const gui::thread_runner& runner) {
  for (int i = 0; i < 2000 && runner.busy(); ++i) std::this_thread::sleep_for(10ms);
  REQUIRE_FALSE(runner.busy());
}

std::vector<crawl_config> book_runs(const server_target& server) {
  std::vector<crawl_config> runs(2);
  runs[0].strategy = strategy_kind::gevent;
  runs[1].strategy = strategy_kind::aiohttp;
  for (auto& c : runs) {
    c.server = server;
    c.num = 40;
    c.delay_ms = 10;
    c.concurrency = 10;
    c.timeout_ms = 10'000;
  }
  return runs;
}
}  // namespace

TEST_CASE("thread_runner offers curl, its default, and asio - a name it does not know changes nothing") {
  gui::thread_runner runner;
  CHECK(runner.http_clients() == std::vector<std::string>{"curl", "asio"});
  CHECK(runner.http_client() == "curl");
  runner.choose_http_client("asio");
  CHECK(runner.http_client() == "asio");
  runner.choose_http_client("fetch");
  CHECK(runner.http_client() == "asio");
  CHECK(runner.http_client_words("asio").find("http only") != std::string::npos);
  const gui::thread_runner from_command_line{{}, native::native_client::asio};  // `crawlbench gui --transport asio`
  CHECK(from_command_line.http_client() == "asio");
}

TEST_CASE("thread_runner crawls crawlbench-server on the asio client: 0 errors, each result's transport asio") {
  test::running_server served{{}, "gui-asio"};
  gui::thread_runner runner;
  runner.choose_http_client("asio");
  runner.start(book_runs(server_target{url_target{served.server.url(0)}}));
  wait_idle(runner);
  ui::crawl_feed::batch batch;
  runner.crawl_news().take(batch);
  CHECK(batch.all_done);
  CHECK(batch.error.empty());
  REQUIRE(batch.ended.size() == 2);
  for (const auto& end : batch.ended) {
    INFO(end.result.strategy << ": " << end.failure);
    CHECK(end.failure.empty());
    CHECK(end.result.transport == "asio");
    CHECK(end.result.ok == 40);
    CHECK(end.result.errors == 0);
    CHECK(end.client_cpu_us_per_request > 0);
  }
  CHECK(batch.events.size() >= 2 * 40);  // every request issued and finished, live
}

TEST_CASE("thread_runner runs the CPU + I/O workload on the asio client: every POST answered and echoed") {
  test::running_server served{{}, "gui-asio-mixed"};
  gui::thread_runner runner{{}, native::native_client::asio};
  ui::mixed_request request;
  request.modes = {mixed_mode::serial, mixed_mode::async};
  request.base.items = 8;
  request.base.delay_ms = 10;
  request.cost = 4;
  request.base.server = url_target{served.server.url(0)};
  runner.start_mixed(request);
  wait_idle(runner);
  ui::mixed_feed::batch batch;
  runner.mixed_news().take(batch);
  CHECK(batch.all_done);
  CHECK(batch.error.empty());
  REQUIRE(batch.ended.size() == 2);
  for (const auto& end : batch.ended) {
    INFO(to_string(end.result.mode) << ": " << end.failure);
    CHECK(end.result.succeeded());
    CHECK(end.result.ok == 8);
  }
}

TEST_CASE("thread_runner refuses an https server or URL list with asio: the panel's error, nothing started or sent") {
  gui::thread_runner runner{{}, native::native_client::asio};
  runner.start(book_runs(server_target{url_target{"https://127.0.0.1:1"}}));
  CHECK_FALSE(runner.busy());  // refused on the UI thread: no worker, no request
  ui::crawl_feed::batch batch;
  runner.crawl_news().take(batch);
  CHECK(batch.all_done);
  CHECK(batch.started.empty());
  CHECK(batch.ended.empty());
  CHECK(batch.error ==
        "--transport asio speaks http only: use --transport curl (the default) for https (https://127.0.0.1:1)");

  runner.start(book_runs(server_target{url_list_target{{"http://127.0.0.1:1/a", "HTTPS://127.0.0.1:1/b"}}}));
  CHECK_FALSE(runner.busy());
  runner.crawl_news().take(batch);
  CHECK(batch.error.find("speaks http only") != std::string::npos);
  CHECK(batch.error.find("(URL 2 of the list)") != std::string::npos);

  ui::mixed_request request;
  request.modes = {mixed_mode::async};
  request.base.server = url_target{"https://127.0.0.1:1"};
  runner.start_mixed(request);
  CHECK_FALSE(runner.busy());
  ui::mixed_feed::batch mixed;
  runner.mixed_news().take(mixed);
  CHECK(mixed.all_done);
  CHECK(mixed.ended.empty());
  CHECK(mixed.error.find("speaks http only") != std::string::npos);

  runner.choose_http_client("curl");  // curl speaks https: it is not refused (the crawl then fails to connect)
  runner.start(book_runs(server_target{url_target{"https://127.0.0.1:1"}}));
  wait_idle(runner);
  runner.crawl_news().take(batch);
  CHECK(batch.error.empty());
  CHECK(batch.ended.size() == 2);
}
