#include <catch2/catch.hpp>

#include "crawlbench/crawl_plan.hpp"

using namespace crawlbench;

TEST_CASE("plan: one run per strategy and concurrency - serial once at its own N") {
  crawl_plan plan;
  plan.strategies = {strategy_kind::serial, strategy_kind::aiohttp};
  plan.num = 500;
  plan.serial_num = 20;
  plan.concurrency = {1, 26, 51};
  const auto runs = plan_runs(plan, "http://127.0.0.1:1");
  REQUIRE(runs.size() == 4);
  CHECK(runs[0].strategy == strategy_kind::serial);
  CHECK(runs[0].num == 20);
  CHECK(runs[1].strategy == strategy_kind::aiohttp);
  CHECK(runs[1].concurrency == 1);
  CHECK(runs[3].concurrency == 51);
  CHECK(runs[3].num == 500);
  CHECK(runs[3].server == "http://127.0.0.1:1");
}

TEST_CASE("plan: strategy lists - all, names, duplicates dropped, unknown names named") {
  CHECK(std::get<0>(parse_strategy_list("all")).size() == all_strategies.size());
  const auto two = std::get<0>(parse_strategy_list(" gevent, aiohttp,gevent"));
  REQUIRE(two.size() == 2);
  CHECK(two[1] == strategy_kind::aiohttp);
  const auto bad = parse_strategy_list("gevent,twisted");
  REQUIRE(std::holds_alternative<std::string>(bad));
  CHECK(std::get<std::string>(bad).find("'twisted'") != std::string::npos);
  CHECK(std::holds_alternative<std::string>(parse_strategy_list("")));
}

TEST_CASE("plan: concurrency lists - whole numbers from 1 to 1000000") {
  const auto sweep = std::get<0>(parse_concurrency_list("1, 26,51"));
  CHECK(sweep == std::vector<std::size_t>{1, 26, 51});
  for (const char* bad : {"0", "-3", "12x", "", "1,,2", "1000001", "99999999999999999999999"}) {
    INFO(bad);
    const auto parsed = parse_concurrency_list(bad);
    REQUIRE(std::holds_alternative<std::string>(parsed));
    CHECK(std::get<std::string>(parsed).find("whole number") != std::string::npos);
  }
}
