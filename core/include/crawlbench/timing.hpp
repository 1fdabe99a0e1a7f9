#pragma once
// The timing model: from a run's spans to the figures the chapter talks about. Closed forms are
// here once, so the CLI, the GUI, the web page and the tests agree on every number.

#include <cstddef>
#include <utility>
#include <vector>

#include "crawlbench/crawl.hpp"
#include "crawlbench/span.hpp"

namespace crawlbench {

// ceil(N/C)·delay: C requests at once, each taking `delay`, cannot finish N sooner.
[[nodiscard]] double lower_bound_seconds(std::size_t num, std::size_t concurrency, double delay_s) noexcept;
// The bound for a configuration whose requests each take at least `floor_s`: the formula above,
// and for `rate` also the schedule itself, (N−1)/R + floor, whichever is larger.
[[nodiscard]] double lower_bound_seconds(const crawl_config& config, double floor_s) noexcept;
// The same with the configuration's own floor (crawl_config::floor_ms: the delay); 0 when the
// floor is not known before the run (a URL list of other servers).
[[nodiscard]] double lower_bound_seconds(const crawl_config& config) noexcept;

struct latency_ms {
  double p50 = 0, p90 = 0, p99 = 0, max = 0;
};
// Nearest-rank percentiles of done − intended over every recorded span.
[[nodiscard]] latency_ms latency_percentiles(const std::vector<span>& spans);

// The in-flight curve as steps: (+1 at each `started`, −1 at each `done`), time-ordered, ends
// before starts at the same instant (a handoff is not counted as overlap). in_flight() and
// series() both read it; build it once when you need both.
using in_flight_steps = std::vector<std::pair<clock::duration, int>>;
[[nodiscard]] in_flight_steps steps_of(const std::vector<span>& spans);

struct in_flight_profile {
  std::size_t max = 0;
  double mean = 0;  // time-weighted over [first start, last completion]
  double cv = 0;    // coefficient of variation: 0 for a perfectly flat curve
};
// Requests between `started` and `done`. A request ending at the instant another starts is not
// counted twice.
[[nodiscard]] in_flight_profile in_flight(const in_flight_steps& steps);
[[nodiscard]] inline in_flight_profile in_flight(const std::vector<span>& spans) { return in_flight(steps_of(spans)); }

struct time_series {
  double bucket_s = 0;
  std::vector<double> throughput_rps;  // completions per second within each bucket
  std::vector<double> in_flight;       // time-weighted mean in-flight count within each bucket
};
// `buckets` equal buckets over [0, elapsed_s].
[[nodiscard]] time_series series(const in_flight_steps& steps, double elapsed_s, std::size_t buckets = 100);
[[nodiscard]] inline time_series series(const std::vector<span>& spans, double elapsed_s, std::size_t buckets = 100) {
  return series(steps_of(spans), elapsed_s, buckets);
}

}  // namespace crawlbench
