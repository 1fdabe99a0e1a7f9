// The plan object of share links and result files: plan_json.hpp.
#include "plan_json.hpp"

#include <string>

#include "crawlbench/limits.hpp"

namespace crawlbench::detail {

namespace {
// The simulator's knobs, when the results were simulated: {"round_trip_ms", "connect_ms",
// "jitter_ms", "server_limit", "seed"}, and with TLS "tls_round_trips" and "tls_cpu_ms".
ordered simulation_to_json(const simulation_options& o) {
  const auto ms = [](clock::duration d) { return to_seconds(d) * 1000; };
  ordered out{{"round_trip_ms", ms(o.round_trip)}, {"connect_ms", ms(o.connect)}, {"jitter_ms", ms(o.jitter)},
              {"server_limit", o.server_concurrency}, {"seed", o.seed}};
  if (o.tls_round_trips != 0) {
    out["tls_round_trips"] = o.tls_round_trips;
    out["tls_cpu_ms"] = ms(o.tls_cpu);
  }
  return out;
}

simulation_options simulation_from_json(const json& j, const std::string& where) {
  simulation_options o;
  const auto ms = [&](const char* name) {
    const double value = number(field(j, name, where), where + "." + name);
    if (!(value >= 0 && value <= max_sim_ms)) fail(where + "." + name, "expected 0 to " + std::to_string(static_cast<int>(max_sim_ms)) + " ms");
    return simulation_ms(value);
  };
  o.round_trip = ms("round_trip_ms");
  o.connect = ms("connect_ms");
  o.jitter = ms("jitter_ms");
  o.server_concurrency = whole_in<std::size_t>(field(j, "server_limit", where), where + ".server_limit", server_limit_range);
  o.seed = integer<std::uint64_t>(field(j, "seed", where), where + ".seed");
  if (j.contains("tls_round_trips")) {  // links of simulated TLS only
    o.tls_round_trips = whole_in<std::size_t>(j.at("tls_round_trips"), where + ".tls_round_trips", tls_round_trips_range);
    o.tls_cpu = ms("tls_cpu_ms");
  }
  return o;
}

// "server" (a URL, or empty: the opener's own delay server), "sim" (the simulator's knobs) or
// "url_list" (a list whose URLs stayed with whoever ran it: an empty url_list target).
server_target server_from_json(const json& j, const std::string& where, std::size_t num) {
  if (const auto sim = j.find("sim"); sim != j.end()) return simulated_target{simulation_from_json(*sim, where + ".sim")};
  if (const auto list = j.find("url_list"); list != j.end()) {
    if (whole_in<std::size_t>(*list, where + ".url_list", num_range) != num) fail(where + ".url_list", "expected num URLs");
    return url_list_target{};
  }
  auto target = parse_server_target(text(field(j, "server", where), where + ".server"));
  if (!target) fail(where + ".server", target.error().message);
  return *std::move(target);
}

}  // namespace

ordered plan_to_json(const crawl_plan& plan, const server_target& server) {
  ordered strategies = ordered::array();
  for (const auto s : plan.strategies) strategies.push_back(std::string(to_string(s)));
  ordered out{{"strategies", strategies}, {"num", plan.num},         {"serial_num", plan.serial_num},
              {"delay_ms", plan.delay_ms}, {"concurrency", plan.concurrency}, {"rate_rps", plan.rate_rps},
              {"timeout_ms", plan.timeout_ms}, {"seed", plan.seed},   {"server", server.link_text()}};
  // Written only when it is not 1, so links from before it existed read the same.
  if (plan.origins != 1) out["origins"] = plan.origins;
  if (const auto* simulated = server.simulation()) out["sim"] = simulation_to_json(*simulated);
  // A URL list: how many URLs, never the URLs (many, and their queries may hold tokens). N, which
  // is the list's size, and still the count for a list opened from a link (empty) and shared again.
  if (server.is_url_list()) out["url_list"] = plan.num;
  return out;
}

void plan_from_json(const json& j, crawl_plan& plan, server_target& server) {
  const std::string where = "plan";
  const json& strategies = field(j, "strategies", where);
  if (!strategies.is_array() || strategies.empty() || strategies.size() > all_strategies.size()) {
    fail(where + ".strategies", "expected 1 to 6 strategies");
  }
  plan.strategies.clear();
  for (const auto& s : strategies) {
    const auto kind = parse_strategy(text(s, where + ".strategies"));
    if (!kind) fail(where + ".strategies", "unknown strategy");
    plan.strategies.push_back(*kind);
  }
  plan.num = whole_in<std::size_t>(field(j, "num", where), where + ".num", num_range);
  plan.serial_num = whole_in<std::size_t>(field(j, "serial_num", where), where + ".serial_num", serial_num_range);
  plan.delay_ms = whole_in<std::int64_t>(field(j, "delay_ms", where), where + ".delay_ms", delay_ms_range);
  const json& concurrency = field(j, "concurrency", where);
  if (!concurrency.is_array() || concurrency.empty() || concurrency.size() > 10'000) {
    fail(where + ".concurrency", "expected a list of 1 to 10000 values");
  }
  plan.concurrency.clear();
  for (const auto& c : concurrency) {
    plan.concurrency.push_back(whole_in<std::size_t>(c, where + ".concurrency", concurrency_range));
  }
  plan.rate_rps = number(field(j, "rate_rps", where), where + ".rate_rps");
  if (!check_rate(plan.rate_rps)) fail(where + ".rate_rps", "expected " + rate_words());
  plan.timeout_ms = whole_in<std::int64_t>(field(j, "timeout_ms", where), where + ".timeout_ms", timeout_ms_range);
  plan.seed = integer<std::uint64_t>(field(j, "seed", where), where + ".seed");
  plan.origins = 1;
  if (const auto origins = j.find("origins"); origins != j.end()) {
    plan.origins = whole_in<std::size_t>(*origins, where + ".origins", whole_range{1, max_origins});
  }
  server = server_from_json(j, where, plan.num);
  // Each field is in range; "Run again" also needs the runs they make to fit (validate(plan)).
  if (auto valid = validate(plan); !valid) fail(where, valid.error().message);
}


}  // namespace crawlbench::detail
