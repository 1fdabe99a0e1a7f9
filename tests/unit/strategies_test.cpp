#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "crawlbench/crawl.hpp"
#include "crawlbench/limits.hpp"
#include "crawlbench/result.hpp"
#include "crawlbench/simulated_transport.hpp"
#include "support.hpp"

using namespace crawlbench;
using namespace std::chrono_literals;

namespace {
struct outcome_of_run {
  strategy_result result;
  simulated_transport::counters server;
};

outcome_of_run crawl(crawl_config config, simulation_options sim_options = {}) {
  test::virtual_world world;
  simulated_transport sim{world.sched, sim_options};
  config.server = simulated_target{};
  auto run = world.run(run_crawl(world.sched, sim, config));
  return {summarize(std::move(run)), sim.stats()};
}

using test::book;

const strategy_kind concurrent_strategies[] = {strategy_kind::gevent, strategy_kind::tornado, strategy_kind::aiohttp,
                                               strategy_kind::batched};
}  // namespace

TEST_CASE("strategies: 1000 x 100 ms at C=100 take exactly the 1.0 s lower bound with 100 in flight") {
  for (auto s : concurrent_strategies) {
    INFO(to_string(s));
    const auto [r, server] = crawl(book(s));
    CHECK(r.seconds == Approx(1.0).margin(1e-9));
    CHECK(r.lower_bound_s == Approx(1.0));
    CHECK(r.efficiency == Approx(1.0));
    CHECK(r.max_in_flight == 100);
    CHECK(server.max_server_in_flight == 100);
    CHECK(r.ok == 1000);
    CHECK(r.errors == 0);
    CHECK(r.result_bytes == 1000);
    CHECK(r.latency.p50 == Approx(100.0));
    CHECK(r.latency.max == Approx(100.0));
  }
}

TEST_CASE("strategies: a round trip and connect cost add per wave - connect only when a connection is new") {
  const simulation_options net{.round_trip = 2ms, .connect = 1ms};
  // Ten requests after one another on each of 100 slots.
  for (auto s : {strategy_kind::tornado, strategy_kind::aiohttp, strategy_kind::batched}) {
    INFO(to_string(s));
    const auto [r, server] = crawl(book(s), net);
    CHECK(r.seconds == Approx(10 * 0.102 + 0.001));  // pooled: only the first wave connects
    CHECK(server.connections_opened == 100);
  }
  const auto [gevent, server] = crawl(book(strategy_kind::gevent), net);
  CHECK(gevent.seconds == Approx(10 * 0.103));  // urllib: a new connection for every request
  CHECK(server.connections_opened == 1000);
}

TEST_CASE("strategies: serial 1000 x 100 ms takes 100 s - one request at a time") {
  const auto [r, server] = crawl(book(strategy_kind::serial));
  CHECK(r.seconds == Approx(100.0));
  CHECK(r.lower_bound_s == Approx(100.0));
  CHECK(r.concurrency == 1);
  CHECK(r.max_in_flight == 1);
  CHECK(r.in_flight_cv == Approx(0.0).margin(1e-6));
  CHECK(r.ok == 1000);
  CHECK(server.connections_opened == 1000);
}

TEST_CASE("strategies: a server that serves one request at a time makes every strategy serial") {
  for (auto s : all_strategies) {
    INFO(to_string(s));
    auto config = book(s, 50, 100, 10);
    const auto [r, server] = crawl(config, {.server_concurrency = 1});
    CHECK(server.max_server_in_flight == 1);
    CHECK(r.ok == 50);
    // The last response cannot come before 50 x 100 ms of service, and nothing else slows it.
    const double last_done = to_seconds(std::max_element(r.spans.begin(), r.spans.end(), [](auto& a, auto& b) {
                                           return a.done < b.done;
                                         })->done);
    CHECK(last_done == Approx(5.0));
    CHECK(r.seconds == Approx(5.0));
  }
}

TEST_CASE("strategies: batched waits for whole waves (stop-and-go) where a semaphore keeps the pipe full") {
  // With varied latency, each wave of `batched` waits for its slowest request.
  const simulation_options varied{.jitter = 100ms, .seed = 3};
  const auto [batched, s1] = crawl(book(strategy_kind::batched, 1000, 100, 100), varied);
  const auto [aiohttp, s2] = crawl(book(strategy_kind::aiohttp, 1000, 100, 100), varied);

  // Every request of wave k starts at the instant the slowest of wave k-1 finished.
  double wave_end = 0, total = 0;
  for (std::size_t first = 0; first < 1000; first += 100) {
    double slowest = 0;
    for (std::size_t i = first; i < first + 100; ++i) {
      CHECK(to_seconds(batched.spans[i].started) == Approx(wave_end).margin(1e-9));
      slowest = std::max(slowest, to_seconds(batched.spans[i].done));
    }
    total += slowest - wave_end;
    wave_end = slowest;
  }
  CHECK(batched.seconds == Approx(total));
  // The in-flight curve sags within every wave; the semaphore's stays level until its last request
  // is sent, so it finishes sooner.
  CHECK(batched.in_flight_cv > 1.5 * aiohttp.in_flight_cv);
  const double last_start = to_seconds(std::max_element(aiohttp.spans.begin(), aiohttp.spans.end(), [](auto& a, auto& b) {
                                          return a.started < b.started;
                                        })->started);
  const auto& level = aiohttp.series.in_flight;
  for (std::size_t b = 0; (static_cast<double>(b) + 1) * aiohttp.series.bucket_s <= last_start; ++b) {
    INFO("bucket " << b << " of " << level.size() << ", last start " << last_start << ", bucket_s " << aiohttp.series.bucket_s);
    CHECK(level[b] == Approx(100.0));
  }
  CHECK(aiohttp.seconds < batched.seconds * 0.85);
  const auto lowest = *std::min_element(batched.series.in_flight.begin(), batched.series.in_flight.end() - 1);
  CHECK(lowest < 60.0);
  CHECK(batched.max_in_flight == 100);
  CHECK(aiohttp.max_in_flight == 100);
}

TEST_CASE("strategies: rate sends on its schedule and measures latency from the intended send time") {
  auto config = book(strategy_kind::rate, 200, 50, 100);
  config.rate_rps = 100;
  const auto [r, server] = crawl(config);
  for (std::size_t i = 0; i < 200; ++i) {
    CHECK(to_seconds(r.spans[i].intended) == Approx(static_cast<double>(i) / 100.0).margin(1e-9));
    CHECK(r.spans[i].started == r.spans[i].intended);
  }
  CHECK(r.seconds == Approx(1.99 + 0.05));
  CHECK(r.lower_bound_s == Approx(1.99 + 0.05));
  CHECK(r.latency.max == Approx(50.0));
  CHECK(r.max_in_flight == 5);  // 100/s x 50 ms
}

TEST_CASE("strategies: rate shows a stalled server's queueing delay instead of hiding it") {
  auto config = book(strategy_kind::rate, 200, 50, 100);
  config.rate_rps = 100;  // the server below manages 20/s
  const auto [r, server] = crawl(config, {.server_concurrency = 1});
  // Request i is due at i/100 s but done at (i+1)·0.05 s: the last waited 10 − 1.99 s.
  CHECK(r.latency.max == Approx((200 * 0.05 - 1.99) * 1000));  // ms
  CHECK(r.seconds == Approx(10.0));
}

TEST_CASE("strategies: failures are counted by kind - and the byte sum still adds every body like the book") {
  auto config = book(strategy_kind::aiohttp, 100, 100, 10);
  config.timeout_ms = 50;
  const auto [r, server] = crawl(config);
  CHECK(r.ok == 0);
  CHECK(r.errors == 100);
  CHECK(r.error_kinds == std::map<std::string, std::size_t>{{"timeout", 100}});
  CHECK_FALSE(r.succeeded());
}

TEST_CASE("strategies: every strategy is named and parsed back") {
  for (auto s : all_strategies) CHECK(parse_strategy(to_string(s)) == s);
  CHECK_FALSE(parse_strategy("asyncio").has_value());
}

TEST_CASE("strategies: invalid configurations are refused with a message") {
  auto config = book(strategy_kind::gevent);
  config.concurrency = 0;
  CHECK(validate(config).error().message == "concurrency: must be a whole number from 1 to 1,000,000");
  config = book(strategy_kind::gevent, 0);
  CHECK_FALSE(validate(config).has_value());
  config = book(strategy_kind::rate);
  config.rate_rps = -1;
  CHECK_FALSE(validate(config).has_value());
  test::virtual_world world;
  simulated_transport sim{world.sched, {}};
  config = book(strategy_kind::serial, 0);
  CHECK_THROWS_AS(world.run(run_crawl(world.sched, sim, config)), std::invalid_argument);
}

TEST_CASE("strategies: validate names the field and its range in words (issue 16's values refused)") {
  const std::string rate_message = "rate: must be 0 (concurrency / delay) or from 0.001 to 1,000,000 requests/s";
  auto config = book(strategy_kind::rate, 3, 10);
  for (const double bad : {1e-300, 1e-11, std::numeric_limits<double>::infinity(), std::numeric_limits<double>::quiet_NaN()}) {
    INFO(bad);
    config.rate_rps = bad;
    CHECK(validate(config).error().message == rate_message);
  }
  config = book(strategy_kind::aiohttp, 10'000'001);
  CHECK(validate(config).error().message == "num: must be a whole number from 1 to 10,000,000");
  config = book(strategy_kind::aiohttp, 1000, -1);
  CHECK(validate(config).error().message == "delay: must be a whole number from 0 to 3,600,000");
  config = book(strategy_kind::aiohttp, 1000, 3'600'001);
  CHECK_FALSE(validate(config).has_value());
  config = book(strategy_kind::aiohttp);
  config.timeout_ms = std::numeric_limits<std::int64_t>::min();
  CHECK(validate(config).error().message == "timeout: must be a whole number from 0 to 3,600,000");
  config = book(strategy_kind::aiohttp, 1000, 100, 1'000'001);
  CHECK_FALSE(validate(config).has_value());
}

TEST_CASE("strategies: rate 0 keeps its meaning, concurrency / delay") {
  auto config = book(strategy_kind::rate, 200, 50, 100);
  config.rate_rps = 0;
  CHECK(validate(config).has_value());
  CHECK(config.effective_rate() == Approx(2000.0));  // 100 / 50 ms
  const auto r = crawl(config).result;
  CHECK(r.rate_rps == Approx(2000.0));
  CHECK(r.ok == 200);
  CHECK(r.lower_bound_s == Approx(199.0 / 2000 + 0.05));
}

TEST_CASE("strategies: a schedule at the longest run is accepted and runs with non-negative latencies") {
  // (N - 1) / rate + delay = 10,000 / 0.001 + 0 = 10,000,000 s: max_run_seconds exactly.
  auto config = book(strategy_kind::rate, 10'001, 0, 100);
  config.rate_rps = min_rate_rps;
  REQUIRE(validate(config).has_value());
  const auto r = crawl(config).result;
  CHECK(r.ok == 10'001);
  CHECK(r.lower_bound_s == Approx(max_run_seconds));
  CHECK(r.seconds == Approx(max_run_seconds));
  CHECK(r.latency.p50 >= 0);
  CHECK(r.latency.max >= 0);
  CHECK(r.efficiency == Approx(1.0));
  CHECK(std::isfinite(r.throughput_rps));
}

TEST_CASE("strategies: a run that could not end within the longest run is refused, rate's schedule or ceil(N/C) x delay") {
  auto config = book(strategy_kind::rate, 10'002, 0, 100);
  config.rate_rps = min_rate_rps;
  auto problem = validate(config);
  REQUIRE_FALSE(problem.has_value());
  CHECK(problem.error().message.find("rate: 10,002 requests take at least 10,001,000 s") == 0);
  CHECK(problem.error().message.find("at most 10,000,000 s") != std::string::npos);
  config = book(strategy_kind::serial, 10'000'000, 3'600'000);
  problem = validate(config);
  REQUIRE_FALSE(problem.has_value());
  CHECK(problem.error().message.find("serial: 10,000,000 requests take at least 36,000,000,000 s") == 0);
  CHECK(validate(book(strategy_kind::aiohttp, 10'000'000, 1000, 1)).has_value());  // 10,000,000 s: the limit
  CHECK_FALSE(validate(book(strategy_kind::aiohttp, 10'000'000, 1001, 1)).has_value());
}

TEST_CASE("strategies: every strategy keeps the stack flat over 100000 requests (the wasm build once leaked 160-223 bytes a request)") {
  // Clang 14 (Emscripten 3.1.6) restored a function's wasm stack pointer only after its indirect
  // tail call, so each symmetric transfer left a frame behind until the run returned (docs/web.md).
  for (auto s : all_strategies) {
    INFO(to_string(s));
    test::virtual_world world;
    simulated_transport sim{world.sched, {}};
    auto config = book(s, 100'000, 100, 1000);
    config.server = simulated_target{};
    test::stack_depth_probe probe;
    const auto r = summarize(world.run(run_crawl(world.sched, sim, config, &probe)));
    CHECK(r.ok == 100'000);
    CHECK(probe.finished() == 100'000);
    CHECK(probe.growth_bytes() < 64 * 1024);
  }
}

TEST_CASE("strategies: a million requests at C=10000 run on the default stack with the stack flat") {
  // Emscripten's default 5 MB stack held about 24,000 requests while the leak lasted.
  test::virtual_world world;
  simulated_transport sim{world.sched, {}};
  auto config = book(strategy_kind::aiohttp, 1'000'000, 100, 10'000);
  config.server = simulated_target{};
  test::stack_depth_probe probe;
  const auto r = summarize(world.run(run_crawl(world.sched, sim, config, &probe)));
  CHECK(r.ok == 1'000'000);
  CHECK(r.seconds == Approx(10.0));
  CHECK(probe.growth_bytes() < 64 * 1024);
}
