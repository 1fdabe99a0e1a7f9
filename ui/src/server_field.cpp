#include "crawlbench/ui/server_field.hpp"

namespace crawlbench::ui {

void server_field::show(const server_target& target) {
  if (const auto* options = target.simulation()) {
    chosen = kind::simulated;
    round_trip_ms = to_seconds(options->round_trip) * 1000;
    connect_ms = to_seconds(options->connect) * 1000;
    jitter_ms = to_seconds(options->jitter) * 1000;
    server_limit = options->server_concurrency;
    tls_round_trips = options->tls_round_trips;
    tls_cpu_ms = to_seconds(options->tls_cpu) * 1000;
    seed = options->seed;
    return;
  }
  if (const auto* urls = target.url_list()) {
    chosen = kind::url_list;
    list.show(*urls);
    return;
  }
  const std::string text = target.link_text();
  chosen = text.empty() ? kind::embedded : kind::url;
  if (!text.empty()) url = text;
}

expected<server_target> server_field::target() const {
  if (chosen == kind::embedded) return server_target{embedded_target{}};
  if (chosen == kind::simulated) {
    return server_target{simulated_target{simulation_options{.round_trip = simulation_ms(round_trip_ms),
                                                             .connect = simulation_ms(connect_ms),
                                                             .server_concurrency = server_limit,
                                                             .jitter = simulation_ms(jitter_ms),
                                                             .tls_round_trips = tls_round_trips,
                                                             .tls_cpu = simulation_ms(tls_cpu_ms),
                                                             .seed = seed}}};
  }
  if (chosen == kind::url_list) return list.target();
  auto chosen_url = parse_server_target(url);
  if (!chosen_url) return unexpected_error("server: " + chosen_url.error().message);
  return chosen_url;
}

}  // namespace crawlbench::ui
