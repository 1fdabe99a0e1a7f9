// The clock's conversions from a double of seconds: checked, or clamped, never overflowing int64
// nanoseconds (which a plain duration_cast does, undefined, for 2e300 s).
#include <catch2/catch.hpp>

#include <limits>

#include "crawlbench/clock.hpp"

using namespace crawlbench;
using namespace std::chrono_literals;

TEST_CASE("clock: checked_seconds refuses what int64 nanoseconds cannot hold") {
  CHECK(checked_seconds(1.5) == clock::duration{1'500'000'000});
  CHECK(checked_milliseconds(250) == clock::duration{250ms});
  CHECK(checked_seconds(0) == clock::duration::zero());
  CHECK(checked_seconds(max_clock_seconds).has_value());
  CHECK(checked_seconds(-max_clock_seconds).has_value());
  for (const double bad : {9.3e9, -9.3e9, 2e300, -2e300, std::numeric_limits<double>::infinity(),
                           std::numeric_limits<double>::quiet_NaN()}) {
    INFO(bad);
    CHECK_FALSE(checked_seconds(bad).has_value());
  }
  CHECK_FALSE(checked_milliseconds(1e300).has_value());
}

TEST_CASE("clock: from_seconds clamps to the clock's reach instead of overflowing") {
  const auto edge = *checked_seconds(max_clock_seconds);
  CHECK(from_seconds(2e300) == edge);
  CHECK(from_seconds(std::numeric_limits<double>::infinity()) == edge);
  CHECK(from_seconds(-2e300) == -edge);
  CHECK(from_seconds(std::numeric_limits<double>::quiet_NaN()) == clock::duration::zero());
  CHECK(from_seconds(0.25) == clock::duration{250ms});
  CHECK(edge > clock::duration::zero());
}
