// simulated_run: the simulator in virtual time, whole or in slices (the page's worker), giving the
// same run either way.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "crawlbench/result.hpp"
#include "crawlbench/simulated_run.hpp"
#include "support.hpp"

using namespace crawlbench;
using namespace std::chrono_literals;

namespace {
crawl_config simulated_crawl(strategy_kind strategy, std::size_t num, std::size_t concurrency) {
  auto config = test::book(strategy, num, 100, concurrency);
  config.server = simulated_target{{.round_trip = 2ms, .connect = 1ms, .jitter = 5ms, .seed = 7}};
  return config;
}
}  // namespace

TEST_CASE("simulated_run: run in slices of a few turns, every strategy gives the same run as run_simulated") {
  for (const auto strategy : all_strategies) {
    INFO(to_string(strategy));
    const auto config = simulated_crawl(strategy, strategy == strategy_kind::serial ? 20 : 300, 30);
    const auto whole = summarize(run_simulated(config));
    simulated_run sliced{config};
    std::size_t slices = 1;
    while (!sliced.advance(7)) ++slices;
    const auto in_slices = summarize(sliced.take());
    CHECK(slices > 10);  // it really was cut up
    CHECK(in_slices.ok == config.num);
    CHECK(in_slices.seconds == whole.seconds);
    CHECK(in_slices.latency.p99 == whole.latency.p99);
    CHECK(in_slices.result_bytes == whole.result_bytes);
    CHECK(in_slices.transport == "sim");
  }
}

TEST_CASE("simulated_run: the knobs come from the target (a server limit of 1 makes aiohttp as slow as serial)") {
  auto config = simulated_crawl(strategy_kind::aiohttp, 50, 50);
  config.server = simulated_target{{.server_concurrency = 1}};
  const auto limited = summarize(run_simulated(config));
  CHECK(limited.ok == 50);
  CHECK(limited.seconds == Approx(5.0).margin(0.01));  // 50 x 100 ms one at a time
  config.server = simulated_target{};
  CHECK(summarize(run_simulated(config)).seconds == Approx(0.1).margin(0.01));
}

TEST_CASE("simulated_run: refuses a server that is not the simulator, and a config that does not validate") {
  auto config = simulated_crawl(strategy_kind::aiohttp, 10, 10);
  config.server = url_target{"http://127.0.0.1:8082"};
  CHECK_THROWS_AS(simulated_run{config}, std::invalid_argument);
  config.server = simulated_target{{.round_trip = -1ms}};
  simulated_run bad{config};
  while (!bad.advance(100)) {
  }
  CHECK_THROWS_AS(bad.take(), std::invalid_argument);
}

TEST_CASE("simulated_run: a stop requested halfway ends the run with the rest cancelled, not sent") {
  stop_source stop;
  struct stopper final : crawl_observer {
    stop_source& source;
    explicit stopper(stop_source& s) : source(s) {}
    void on_issued(std::size_t, clock::duration) override {}
    void on_finished(std::size_t index, const span&) override {
      if (index == 100) source.request_stop();
    }
  } observer{stop};
  const auto run = summarize(run_simulated(simulated_crawl(strategy_kind::aiohttp, 1000, 10), &observer, stop.token()));
  CHECK(run.ok >= 100);
  CHECK(run.ok < 200);
  CHECK(run.error_kinds.at("cancelled") == 1000 - run.ok);
}

TEST_CASE("simulated_run: jitter is drawn by a fixed formula, so a run is the same natively and in wasm (node)") {
  // The same test runs in the native and the web presets' core_tests: both must print this figure.
  // (std's distributions differ between libstdc++ and libc++: a link made by the CLI gave other
  // seconds when Run again simulated it in the page.)
  auto config = test::book(strategy_kind::aiohttp, 400, 50, 40);
  config.server = simulated_target{{.round_trip = 3ms, .jitter = 10ms}};
  const auto run = summarize(run_simulated(config));
  CHECK(run.seconds == Approx(0.594138903).epsilon(1e-9));
}
