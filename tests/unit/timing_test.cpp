#include <catch2/catch.hpp>

#include <numeric>

#include "crawlbench/timing.hpp"
#include "support.hpp"

using namespace crawlbench;
using namespace std::chrono_literals;

namespace {
span make_span(double start_s, double done_s) {
  span s;
  s.intended = s.queued = s.started = from_seconds(start_s);
  s.first_byte = s.done = from_seconds(done_s);
  s.status = 200;
  s.recorded = true;
  return s;
}
}  // namespace

TEST_CASE("timing lower bound is ceil(N/C) times the delay") {
  CHECK(lower_bound_seconds(1000, 100, 0.1) == Approx(1.0));
  CHECK(lower_bound_seconds(1001, 100, 0.1) == Approx(1.1));
  CHECK(lower_bound_seconds(1000, 1, 0.1) == Approx(100.0));
  CHECK(lower_bound_seconds(500, 26, 0.05) == Approx(20 * 0.05));
  CHECK(lower_bound_seconds(0, 100, 0.1) == 0.0);
}

TEST_CASE("timing lower bound of a rate run includes its schedule") {
  auto config = test::book(strategy_kind::rate);
  config.rate_rps = 500;  // slower than C/delay = 1000/s
  CHECK(lower_bound_seconds(config) == Approx(999.0 / 500 + 0.1));
  config.strategy = strategy_kind::serial;
  CHECK(lower_bound_seconds(config) == Approx(100.0));
}

TEST_CASE("timing percentiles are nearest-rank over done minus intended") {
  std::vector<span> spans;
  for (int ms = 1; ms <= 100; ++ms) spans.push_back(make_span(0, ms / 1000.0));
  const auto l = latency_percentiles(spans);
  CHECK(l.p50 == Approx(50));
  CHECK(l.p90 == Approx(90));
  CHECK(l.p99 == Approx(99));
  CHECK(l.max == Approx(100));
  CHECK(latency_percentiles({}).max == 0.0);
}

TEST_CASE("timing in-flight profile: max - time-weighted mean and coefficient of variation") {
  // 2 in flight for 1 s, then 1 for 1 s: mean 1.5, sd 0.5.
  const std::vector<span> spans{make_span(0, 2), make_span(0, 1)};
  const auto p = in_flight(spans);
  CHECK(p.max == 2);
  CHECK(p.mean == Approx(1.5));
  CHECK(p.cv == Approx(0.5 / 1.5));
}

TEST_CASE("timing in-flight counts a handoff at the same instant once") {
  const std::vector<span> spans{make_span(0, 1), make_span(1, 2), make_span(2, 3)};
  const auto p = in_flight(spans);
  CHECK(p.max == 1);
  CHECK(p.cv == Approx(0.0).margin(1e-12));
}

TEST_CASE("timing series: throughput buckets sum to the completions - in-flight averages per bucket") {
  std::vector<span> spans;
  for (int i = 0; i < 10; ++i) spans.push_back(make_span(0.1 * i, 0.1 * i + 0.1));
  const auto s = series(spans, 1.0, 10);
  REQUIRE(s.throughput_rps.size() == 10);
  CHECK(s.bucket_s == Approx(0.1));
  const double completions = std::accumulate(s.throughput_rps.begin(), s.throughput_rps.end(), 0.0) * s.bucket_s;
  CHECK(completions == Approx(10));
  for (double level : s.in_flight) CHECK(level == Approx(1.0));
}

TEST_CASE("timing series in-flight keeps the whole area under the curve whatever the bucket edges") {
  // Times on bucket edges once rounded into the previous bucket and lost the rest of a stretch.
  std::vector<span> spans;
  double busy = 0, last = 0;
  std::uint64_t x = 12345;
  for (int i = 0; i < 2000; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    const double start = static_cast<double>(x >> 40) / static_cast<double>(1ULL << 24);  // [0, 1)
    const double length = 0.01 * static_cast<double>(1 + i % 37);
    spans.push_back(make_span(start, start + length));
    busy += length;
    last = std::max(last, start + length);
  }
  for (std::size_t buckets : {7, 100, 333}) {
    const auto s = series(spans, last, buckets);
    const double area = std::accumulate(s.in_flight.begin(), s.in_flight.end(), 0.0) * s.bucket_s;
    CHECK(area == Approx(busy).epsilon(1e-9));
  }
}
