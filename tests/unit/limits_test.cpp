// The ranges of user-given numbers (crawlbench/limits.hpp): their words, the strict whole-number
// parser the CLI uses, and the rate's range with the values of issue 16.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "crawlbench/limits.hpp"

using namespace crawlbench;

TEST_CASE("limits: ranges are said in words, with thousands separators") {
  CHECK(with_thousands(0) == "0");
  CHECK(with_thousands(999) == "999");
  CHECK(with_thousands(1000) == "1,000");
  CHECK(with_thousands(10'000'000) == "10,000,000");
  CHECK(with_thousands(std::numeric_limits<std::uint64_t>::max()) == "18,446,744,073,709,551,615");
  CHECK(num_range.words() == "a whole number from 1 to 10,000,000");
  CHECK(check_whole("num", 0, num_range).error().message == "num: must be a whole number from 1 to 10,000,000");
  CHECK(check_whole("num", 10'000'000, num_range));
  CHECK_FALSE(check_whole("num", 10'000'001, num_range).has_value());
  CHECK(check_whole_signed("delay", -1, delay_ms_range).error().message == "delay: must be a whole number from 0 to 3,600,000");
  CHECK(check_whole_signed("delay", 3'600'000, delay_ms_range));
  CHECK_FALSE(check_whole_signed("delay", std::numeric_limits<std::int64_t>::min(), delay_ms_range).has_value());
  CHECK(seed_range.holds(std::numeric_limits<std::uint64_t>::max()));
}

TEST_CASE("limits: parse_whole takes plain decimal digits only, never a sign that wraps") {
  CHECK(parse_whole("0") == 0U);
  CHECK(parse_whole("42") == 42U);
  CHECK(parse_whole("18446744073709551615") == std::numeric_limits<std::uint64_t>::max());
  for (const char* bad : {"", "-1", "+5", " 5", "5 ", "0x10", "1e3", "1,000", "1.0", "18446744073709551616", "nan"}) {
    INFO(bad);
    CHECK_FALSE(parse_whole(bad).has_value());
  }
}

TEST_CASE("limits: a rate is 0 (concurrency / delay) or from 0.001 to 1,000,000 requests/s") {
  CHECK(check_rate(0));
  CHECK(check_rate(min_rate_rps));
  CHECK(check_rate(max_rate_rps));
  CHECK(check_rate(123.5));
  const std::string message = "rate: must be 0 (concurrency / delay) or from 0.001 to 1,000,000 requests/s";
  for (const double bad : {1e-300, 1e-11, 0.000999, -1.0, 1'000'001.0, std::numeric_limits<double>::infinity(),
                           -std::numeric_limits<double>::infinity(), std::numeric_limits<double>::quiet_NaN()}) {
    INFO(bad);
    CHECK(check_rate(bad).error().message == message);
  }
  CHECK(message.size() < 200);
}

TEST_CASE("limits: check_number refuses NaN, infinities and values out of range, with the unit") {
  CHECK(check_number("sim-rtt", 0, 0, max_sim_ms, "ms"));
  CHECK(check_number("sim-rtt", 60'000, 0, max_sim_ms, "ms"));
  CHECK(check_number("sim-rtt", 60'000.5, 0, max_sim_ms, "ms").error().message == "sim-rtt: must be a number from 0 to 60,000 ms");
  CHECK_FALSE(check_number("sim-rtt", -0.5, 0, max_sim_ms, "ms").has_value());
  CHECK_FALSE(check_number("sim-rtt", std::numeric_limits<double>::quiet_NaN(), 0, max_sim_ms, "ms").has_value());
  CHECK_FALSE(check_number("sim-rtt", std::numeric_limits<double>::infinity(), 0, max_sim_ms, "ms").has_value());
  CHECK(number_range_words(0.001, 1e6) == "a number from 0.001 to 1,000,000");
}
