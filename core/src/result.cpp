#include "crawlbench/result.hpp"

#include <algorithm>
#include <optional>
#include <utility>

namespace crawlbench {

namespace {
// The connection figures, when any span's connection is known (result.hpp).
void count_connections(strategy_result& r, const std::vector<span>& spans) {
  std::size_t opened = 0, handshakes = 0, known = 0;
  clock::duration setup{};
  for (const auto& s : spans) {
    if (s.connection == connection_use::unknown) continue;
    ++known;
    opened += s.opened_connection() ? 1 : 0;
    handshakes += s.connection == connection_use::opened_tls ? 1 : 0;
    setup += s.connection_setup();
  }
  if (known == 0) return;
  r.connections_opened = opened;
  r.tls_handshakes = handshakes;
  r.connection_setup_s = to_seconds(setup);
}

// The shortest started-to-done time of a successful request, s; nothing when none succeeded.
std::optional<double> fastest_ok_seconds(const std::vector<span>& spans) {
  std::optional<clock::duration> fastest;
  for (const auto& s : spans) {
    if (s.recorded && s.result == outcome::ok) fastest = std::min(fastest.value_or(s.done - s.started), s.done - s.started);
  }
  return fastest ? std::optional<double>(to_seconds(*fastest)) : std::nullopt;
}
}  // namespace

strategy_result summarize(crawl_run run) {
  const crawl_config& config = run.config;
  strategy_result r;
  r.strategy = std::string(to_string(config.strategy));
  r.transport = run.transport;
  r.num = config.num;
  r.delay_ms = config.floor_ms().value_or(0);
  r.concurrency = config.effective_concurrency();
  r.rate_rps = config.strategy == strategy_kind::rate ? config.effective_rate() : 0.0;
  for (const auto& s : run.spans) {
    r.retries += s.retries;
    if (!s.recorded) {
      ++r.error_kinds["not_completed"];
      ++r.errors;
    } else if (s.result == outcome::ok) {
      ++r.ok;
    } else {
      ++r.error_kinds[std::string(to_string(s.result))];
      ++r.errors;
    }
  }
  r.result_bytes = run.result_bytes;
  r.seconds = to_seconds(run.elapsed);
  r.epoch_s = run.epoch_s;
  r.lower_bound_estimated = !config.floor_ms();
  r.lower_bound_s = r.lower_bound_estimated ? lower_bound_seconds(config, fastest_ok_seconds(run.spans).value_or(0))
                                            : lower_bound_seconds(config);
  if (r.ok > 0 && r.seconds > 0) r.efficiency = r.lower_bound_s / r.seconds;
  r.throughput_rps = r.seconds > 0 ? static_cast<double>(r.ok) / r.seconds : 0;
  r.latency = latency_percentiles(run.spans);
  const auto steps = steps_of(run.spans);
  const auto profile = in_flight(steps);
  r.max_in_flight = profile.max;
  r.in_flight_cv = profile.cv;
  r.series = series(steps, r.seconds);
  count_connections(r, run.spans);
  r.spans = std::move(run.spans);
  return r;
}

}  // namespace crawlbench
