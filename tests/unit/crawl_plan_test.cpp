#include <catch2/catch.hpp>

#include "crawlbench/crawl_plan.hpp"

using namespace crawlbench;

TEST_CASE("plan: one run per strategy and concurrency - serial once at its own N") {
  crawl_plan plan;
  plan.strategies = {strategy_kind::serial, strategy_kind::aiohttp};
  plan.num = 500;
  plan.serial_num = 20;
  plan.concurrency = {1, 26, 51};
  const auto runs = plan_runs(plan, url_target{"http://127.0.0.1:1"});
  REQUIRE(runs.size() == 4);
  CHECK(runs[0].strategy == strategy_kind::serial);
  CHECK(runs[0].num == 20);
  CHECK(runs[1].strategy == strategy_kind::aiohttp);
  CHECK(runs[1].concurrency == 1);
  CHECK(runs[3].concurrency == 51);
  CHECK(runs[3].num == 500);
  CHECK(runs[3].server.base_url() == "http://127.0.0.1:1");
}

TEST_CASE("plan: strategy lists - all, names, duplicates dropped, unknown names named") {
  CHECK(parse_strategy_list("all").value().size() == all_strategies.size());
  const auto two = parse_strategy_list(" gevent, aiohttp,gevent").value();
  REQUIRE(two.size() == 2);
  CHECK(two[1] == strategy_kind::aiohttp);
  const auto bad = parse_strategy_list("gevent,twisted");
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().message.find("'twisted'") != std::string::npos);
  CHECK_FALSE(parse_strategy_list("").has_value());
}

TEST_CASE("plan: concurrency lists - whole numbers from 1 to 1000000") {
  const auto sweep = parse_concurrency_list("1, 26,51").value();
  CHECK(sweep == std::vector<std::size_t>{1, 26, 51});
  for (const char* bad : {"0", "-3", "12x", "", "1,,2", "1000001", "99999999999999999999999", "-1", "+5", "0x10", "1e3",
                          "18446744073709551616", "nan"}) {
    INFO(bad);
    const auto parsed = parse_concurrency_list(bad);
    REQUIRE_FALSE(parsed.has_value());
    CHECK(parsed.error().message.find("is not a whole number from 1 to 1,000,000") != std::string::npos);
  }
}

TEST_CASE("plan: validate checks serial N, origins and every run, the rate strategy among others") {
  crawl_plan plan;
  CHECK(validate(plan).has_value());
  plan.strategies = {strategy_kind::aiohttp, strategy_kind::rate};
  plan.num = 3;
  plan.delay_ms = 10;
  plan.rate_rps = 1e-300;  // issue 16
  CHECK(validate(plan).error().message == "rate: must be 0 (concurrency / delay) or from 0.001 to 1,000,000 requests/s");
  plan.rate_rps = 0;
  CHECK(validate(plan).has_value());
  plan.serial_num = static_cast<std::size_t>(-1);  // a GUI field typed "-1"
  CHECK(validate(plan).error().message == "serial_num: must be a whole number from 0 to 10,000,000");
  plan.serial_num = 0;
  plan.origins = 0;
  CHECK(validate(plan).error().message == "origins: must be a whole number from 1 to 64");
  plan.origins = 1;
  plan.num = static_cast<std::size_t>(-1);
  CHECK(validate(plan).error().message == "num: must be a whole number from 1 to 10,000,000");
  plan.num = 3;
  plan.strategies.clear();
  CHECK_FALSE(validate(plan).has_value());
}
