#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "crawlbench/report.hpp"
#include "crawlbench/result_table.hpp"
#include "crawlbench/simulated_transport.hpp"
#include "support.hpp"

using namespace crawlbench;
using namespace std::chrono_literals;

namespace {
// 20 requests at 20 ms that all time out after 5 ms: the run takes a quarter of its lower bound,
// which as an "efficiency" would read 400%.
strategy_result all_timed_out() {
  test::virtual_world world;
  simulated_transport sim{world.sched, {}};
  crawl_config config;
  config.strategy = strategy_kind::aiohttp;
  config.num = 20;
  config.delay_ms = 20;
  config.concurrency = 20;
  config.timeout_ms = 5;
  config.server = "http://sim";
  return summarize(world.run(run_crawl(world.sched, sim, config)));
}
}  // namespace

TEST_CASE("result table shows no efficiency for a run where nothing succeeded") {
  const auto r = all_timed_out();
  REQUIRE(r.ok == 0);
  REQUIRE(r.errors == 20);
  CHECK(r.seconds < r.lower_bound_s);
  CHECK_FALSE(r.efficiency);
  const std::string table = format_table({{r, 0}});
  const auto row = table.substr(table.find('\n') + 1);
  CHECK(row.find("0.020      - ") != std::string::npos);  // bound, then "-" for the efficiency
  CHECK(row.find('%') == std::string::npos);
  const std::string csv = format_csv({{r, 0}});
  CHECK(csv.find(",0.020000,,") != std::string::npos);  // lower_bound_s, then an empty efficiency
  const auto json = nlohmann::json::parse(write_results_json({r}, false));
  CHECK(json["runs"][0]["efficiency"].is_null());
  const auto back = read_results_json(write_results_json({r}, false));
  REQUIRE(std::holds_alternative<std::vector<strategy_result>>(back));
  CHECK_FALSE(std::get<0>(back)[0].efficiency);
}

TEST_CASE("result table efficiency_cell formats a fraction as a percentage, none as -") {
  CHECK(efficiency_cell(0.952) == "95.2%");
  CHECK(efficiency_cell(1.0) == "100.0%");
  CHECK(efficiency_cell(std::nullopt) == "-");
}

TEST_CASE("result table: a run with some successes keeps its efficiency") {
  test::virtual_world world;
  simulated_transport sim{world.sched, {}};
  crawl_config config;
  config.strategy = strategy_kind::aiohttp;
  config.num = 10;
  config.delay_ms = 20;
  config.concurrency = 10;
  config.server = "http://sim";
  const auto r = summarize(world.run(run_crawl(world.sched, sim, config)));
  REQUIRE(r.efficiency);
  CHECK(*r.efficiency == Approx(1.0));
  CHECK(format_table({{r, 0}}).find("100.0%") != std::string::npos);
}

TEST_CASE("result table: the mixed workload shows no efficiency when no POST was answered") {
  mixed_result r;
  r.mode = mixed_mode::async;
  r.items = 10;
  r.delay_ms = 100;
  r.concurrency = 10;
  r.seconds = 0.01;
  r.cpu_seconds = 0.005;
  r.sent = 10;
  r.ok = 0;
  CHECK_FALSE(mixed_efficiency(r));
  r.ok = 10;
  r.seconds = 0.21;
  REQUIRE(mixed_efficiency(r));
  CHECK(*mixed_efficiency(r) == Approx(0.105 / 0.21));
  mixed_result noio;
  noio.mode = mixed_mode::noio;
  noio.items = 10;
  noio.seconds = 0.5;
  noio.cpu_seconds = 0.5;
  REQUIRE(mixed_efficiency(noio));  // no I/O to answer: the hashing alone
  CHECK(*mixed_efficiency(noio) == Approx(1.0));
}
