#include "crawlbench/timing.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace crawlbench {

double lower_bound_seconds(std::size_t num, std::size_t concurrency, double delay_s) noexcept {
  if (num == 0 || concurrency == 0) return 0;
  const auto waves = (num + concurrency - 1) / concurrency;
  return static_cast<double>(waves) * delay_s;
}

double lower_bound_seconds(const crawl_config& config, double floor_s) noexcept {
  double bound = lower_bound_seconds(config.num, config.effective_concurrency(), floor_s);
  if (config.strategy == strategy_kind::rate && config.num > 0) {
    bound = std::max(bound, static_cast<double>(config.num - 1) / config.effective_rate() + floor_s);
  }
  return bound;
}

double lower_bound_seconds(const crawl_config& config) noexcept {
  const auto floor = config.floor_ms();
  return floor ? lower_bound_seconds(config, static_cast<double>(*floor) / 1000.0) : 0.0;
}

in_flight_steps steps_of(const std::vector<span>& spans) {
  in_flight_steps events;
  events.reserve(spans.size() * 2);
  for (const auto& s : spans) {
    if (!s.recorded) continue;
    events.emplace_back(s.started, +1);
    events.emplace_back(s.done, -1);
  }
  std::sort(events.begin(), events.end());  // (t, −1) sorts before (t, +1)
  return events;
}

latency_ms latency_percentiles(const std::vector<span>& spans) {
  std::vector<double> ms;
  ms.reserve(spans.size());
  for (const auto& s : spans) {
    if (s.recorded) ms.push_back(to_seconds(s.latency()) * 1000.0);
  }
  if (ms.empty()) return {};
  std::sort(ms.begin(), ms.end());
  const auto rank = [&](double p) {
    const auto k = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(ms.size())));
    return ms[std::clamp<std::size_t>(k, 1, ms.size()) - 1];
  };
  return latency_ms{rank(50), rank(90), rank(99), ms.back()};
}

in_flight_profile in_flight(const in_flight_steps& events) {
  if (events.empty()) return {};
  in_flight_profile profile;
  long level = 0;
  double area = 0, square_area = 0;
  for (std::size_t i = 0; i < events.size(); ++i) {
    level += events[i].second;
    profile.max = std::max(profile.max, static_cast<std::size_t>(std::max(level, 0L)));
    if (i + 1 < events.size()) {
      const double width = to_seconds(events[i + 1].first - events[i].first);
      area += static_cast<double>(level) * width;
      square_area += static_cast<double>(level * level) * width;
    }
  }
  const double total = to_seconds(events.back().first - events.front().first);
  if (total <= 0) {
    profile.mean = static_cast<double>(profile.max);
    return profile;
  }
  profile.mean = area / total;
  const double variance = std::max(0.0, square_area / total - profile.mean * profile.mean);
  profile.cv = profile.mean > 0 ? std::sqrt(variance) / profile.mean : 0;
  return profile;
}

time_series series(const in_flight_steps& events, double elapsed_s, std::size_t buckets) {
  time_series out;
  if (buckets == 0 || !(elapsed_s > 0)) return out;
  out.bucket_s = elapsed_s / static_cast<double>(buckets);
  out.throughput_rps.assign(buckets, 0.0);
  out.in_flight.assign(buckets, 0.0);
  const auto bucket_of = [&](double t) {
    return std::min(buckets - 1, static_cast<std::size_t>(std::max(0.0, t / out.bucket_s)));
  };

  for (const auto& [t, step] : events) {
    if (step < 0) out.throughput_rps[bucket_of(to_seconds(t))] += 1.0 / out.bucket_s;  // a completion
  }

  // Spread each constant stretch of the in-flight curve over the buckets it covers.
  long level = 0;
  for (std::size_t i = 0; i + 1 < events.size(); ++i) {
    level += events[i].second;
    if (level <= 0) continue;
    double from = to_seconds(events[i].first);
    const double to = std::min(to_seconds(events[i + 1].first), elapsed_s);
    // Walk the buckets by index: a time on a bucket's edge may round into either neighbour.
    for (std::size_t b = bucket_of(from); from < to && b < buckets; ++b) {
      const double edge = b + 1 == buckets ? to : std::min(to, static_cast<double>(b + 1) * out.bucket_s);
      if (edge <= from) continue;
      out.in_flight[b] += static_cast<double>(level) * (edge - from) / out.bucket_s;
      from = edge;
    }
  }
  return out;
}

}  // namespace crawlbench
