#include "worker_protocol.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <stdexcept>

#include "crawlbench/mixed_json.hpp"
#include "crawlbench/result.hpp"

namespace crawlbench::web {

namespace {
using json = nlohmann::json;

// A simulated server's knobs, exact: [round_trip_ns, connect_ns, jitter_ns, server_limit, seed,
// tls_round_trips, tls_cpu_ns].
json simulation_to_json(const simulation_options& o) {
  return json::array({o.round_trip.count(), o.connect.count(), o.jitter.count(), o.server_concurrency, o.seed,
                      o.tls_round_trips, o.tls_cpu.count()});
}

// Its ranges are validate(crawl_config)'s; a negative limit or seed is refused, not wrapped. A
// list's URLs are checked by validate (server_target::check).
server_target target_from_json(const json& j) {
  if (j.contains("urls")) return url_list_target{j.at("urls").get<std::vector<std::string>>()};
  if (!j.contains("sim")) return url_target{j.at("server").get<std::string>()};
  const json& sim = j.at("sim");
  if (!sim.at(3).is_number_unsigned() || !sim.at(4).is_number_unsigned() || !sim.at(5).is_number_unsigned()) {
    throw std::invalid_argument("sim");
  }
  using ns = clock::duration;
  return simulated_target{simulation_options{.round_trip = ns{sim.at(0).get<ns::rep>()},
                                             .connect = ns{sim.at(1).get<ns::rep>()},
                                             .server_concurrency = sim.at(3).get<std::size_t>(),
                                             .jitter = ns{sim.at(2).get<ns::rep>()},
                                             .tls_round_trips = sim.at(5).get<std::size_t>(),
                                             .tls_cpu = ns{sim.at(6).get<ns::rep>()},
                                             .seed = sim.at(4).get<std::uint64_t>()}};
}

json config_to_json(const crawl_config& c) {
  // A list has no base URL: its URLs travel instead. Any other server was started by the page's runner.
  json out{{"strategy", std::string(to_string(c.strategy))},
              {"server", c.server.is_url_list() ? std::string() : c.server.base_url()},
              {"num", c.num},
              {"delay_ms", c.delay_ms},
              {"concurrency", c.concurrency},
              {"rate_rps", c.rate_rps},
              {"timeout_ms", c.timeout_ms},
              {"seed", c.seed},
              {"name", c.name},
              {"mirrors", c.mirrors}};
  if (const auto* simulated = c.server.simulation()) out["sim"] = simulation_to_json(*simulated);
  if (const auto* list = c.server.url_list()) out["urls"] = list->urls;
  // The worker is this page's own: header values may cross to it (they never leave the crawl).
  if (!c.headers.empty()) out["headers"] = c.headers;
  if (c.expect_status != expected_statuses{}) out["expect_status"] = c.expect_status.text();
  return out;
}

crawl_config config_from_json(const json& j) {
  crawl_config c;
  c.strategy = parse_strategy(j.at("strategy").get<std::string>()).value_or(strategy_kind::aiohttp);
  c.server = target_from_json(j);
  c.num = j.at("num").get<std::size_t>();
  c.delay_ms = j.at("delay_ms").get<std::int64_t>();
  c.concurrency = j.at("concurrency").get<std::size_t>();
  c.rate_rps = j.at("rate_rps").get<double>();
  c.timeout_ms = j.at("timeout_ms").get<std::int64_t>();
  c.seed = j.at("seed").get<std::uint64_t>();
  c.name = j.at("name").get<std::string>();
  c.mirrors = j.at("mirrors").get<std::vector<std::string>>();
  if (j.contains("headers")) c.headers = j.at("headers").get<std::vector<std::string>>();
  if (j.contains("expect_status")) {
    auto statuses = parse_expect_status(j.at("expect_status").get<std::string>());
    if (!statuses) throw std::invalid_argument("expect_status");
    c.expect_status = *std::move(statuses);
  }
  return c;
}

// A feed's run starts: [[run, t_ms_since_epoch]...] (steady_clock: a time for this page only).
template <typename Starts>
json started_json(const Starts& started) {
  json list = json::array();
  for (const auto& s : started) {
    list.push_back(json::array({s.run, std::chrono::duration<double, std::milli>(s.at.time_since_epoch()).count()}));
  }
  return list;
}

// A finished request: [run, index, started_s, done_s, status, outcome], then its connection when
// the transport knew it (the simulator always; fetch from Resource Timing): connection_use, and
// connected_s if it opened one, and tls_done_s if with TLS. Unknown adds nothing: runs without
// connection info cost no more than before, and a reused connection one number.
json finished_json(const ui::request_event& e) {
  json out = json::array({e.run, e.index, to_seconds(e.s.started), to_seconds(e.s.done), e.s.status,
                          static_cast<int>(e.s.result)});
  if (e.s.connection == connection_use::unknown) return out;
  out.push_back(static_cast<int>(e.s.connection));
  if (e.s.opened_connection()) out.push_back(to_seconds(e.s.connected));
  if (e.s.connection == connection_use::opened_tls) out.push_back(to_seconds(e.s.tls_done));
  return out;
}

// A finished request's span from finished_json(); a connection_use out of range reads as unknown.
span finished_span(const json& e) {
  span s;
  s.intended = s.queued = s.started = from_seconds(e.at(2).get<double>());
  s.first_byte = s.done = from_seconds(e.at(3).get<double>());
  s.status = e.at(4).get<int>();
  const int o = e.at(5).get<int>();
  s.result = o >= 0 && o < static_cast<int>(outcome_count) ? static_cast<outcome>(o) : outcome::transport_error;
  s.recorded = true;
  if (e.size() < 7) return s;
  const int c = e.at(6).get<int>();
  if (c <= static_cast<int>(connection_use::unknown) || c > static_cast<int>(connection_use::opened_tls)) return s;
  s.connection = static_cast<connection_use>(c);
  if (s.opened_connection()) s.connected = from_seconds(e.at(7).get<double>());
  if (s.connection == connection_use::opened_tls) s.tls_done = from_seconds(e.at(8).get<double>());
  return s;
}

// The end of a replay: all_done (with its error) into `into` if the message says so.
template <typename Feed>
bool replay_all_done(const json& j, Feed& into) {
  const bool done = j.at("all_done").get<bool>();
  if (done) into.all_done(j.at("error").get<std::string>());
  return done;
}
}  // namespace

std::string start_message(const std::vector<crawl_config>& runs) {
  json list = json::array();
  for (const auto& c : runs) list.push_back(config_to_json(c));
  return json{{"start", list}}.dump();
}

std::optional<std::vector<crawl_config>> parse_start(const std::string& text) {
  const auto j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("start")) return std::nullopt;
  try {
    std::vector<crawl_config> runs;
    for (const auto& c : j.at("start")) {
      // json's get<> wraps a negative count or seed around: they must be unsigned to begin with.
      for (const char* key : {"num", "concurrency", "seed"}) {
        if (!c.at(key).is_number_unsigned()) return std::nullopt;
      }
      runs.push_back(config_from_json(c));
      if (!validate(runs.back())) return std::nullopt;
    }
    return runs;
  } catch (const json::exception&) {
    return std::nullopt;
  } catch (const std::invalid_argument&) {
    return std::nullopt;
  }
}

bool is_stop(const std::string& text) {
  const auto j = json::parse(text, nullptr, false);
  return !j.is_discarded() && j.is_object() && j.contains("stop");
}

std::string events_message(const ui::crawl_feed::batch& batch) {
  json issued = json::array(), finished = json::array(), ended = json::array();
  for (const auto& e : batch.events) {
    if (!e.finished) {
      issued.push_back(json::array({e.run, e.index, to_seconds(e.s.started)}));
    } else {
      finished.push_back(finished_json(e));
    }
  }
  for (const auto& e : batch.ended) {
    json end{{"run", e.run}, {"failure", e.failure}};
    if (e.failure.empty()) end["result"] = write_results_json({e.result}, true);
    ended.push_back(std::move(end));
  }
  return json{{"started", started_json(batch.started)}, {"issued", issued}, {"finished", finished},
              {"ended", ended},     {"all_done", batch.all_done}, {"error", batch.error}}
      .dump();
}

std::optional<bool> replay_events(const std::string& text, ui::crawl_feed& into) {
  const auto j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("finished")) return std::nullopt;
  try {
    for (const auto& s : j.at("started")) into.run_started(s.at(0).get<std::size_t>());
    for (const auto& e : j.at("issued")) {
      into.push(ui::issued_event(e.at(0).get<std::size_t>(), e.at(1).get<std::size_t>(), from_seconds(e.at(2).get<double>())));
    }
    for (const auto& e : j.at("finished")) {
      into.push(ui::finished_event(e.at(0).get<std::size_t>(), e.at(1).get<std::size_t>(), finished_span(e)));
    }
    for (const auto& e : j.at("ended")) {
      ui::crawl_feed::run_end end;
      end.run = e.at("run").get<std::size_t>();
      end.failure = e.at("failure").get<std::string>();
      if (end.failure.empty()) {
        auto results = read_results_json(e.at("result").get<std::string>());
        if (!results) {
          end.failure = "the worker's result does not read back: " + results.error().message;
        } else if (results->size() == 1) {
          end.result = std::move((*results)[0]);
        }
      }
      into.run_ended(std::move(end));
    }
    return replay_all_done(j, into);
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

std::string mixed_start_message(const ui::mixed_request& r) {
  json modes = json::array();
  for (const auto m : r.modes) modes.push_back(std::string(to_string(m)));
  return json{{"mixed",
               {{"modes", modes},
                {"cost", r.cost},
                {"server", r.base.server.base_url()},
                {"items", r.base.items},
                {"delay_ms", r.base.delay_ms},
                {"batch", r.base.batch},
                {"concurrency", r.base.concurrency},
                {"seed", r.base.seed},
                {"timeout_ms", r.base.timeout_ms}}}}
      .dump();
}

std::optional<ui::mixed_request> parse_mixed_start(const std::string& text) {
  const auto j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("mixed")) return std::nullopt;
  try {
    const auto& m = j.at("mixed");
    ui::mixed_request r;
    for (const auto& name : m.at("modes")) {
      const auto mode = parse_mixed_mode(name.get<std::string>());
      if (!mode) return std::nullopt;
      r.modes.push_back(*mode);
    }
    // Whole numbers in range only: json's get<> would wrap a negative or huge one.
    const auto whole = [&](const char* key, double low, double high) -> std::optional<double> {
      const auto& v = m.at(key);
      if (!v.is_number() || v.get<double>() < low || v.get<double>() > high) return std::nullopt;
      return v.get<double>();
    };
    const auto cost = whole("cost", 4, 16), items = whole("items", 1, 100'000), delay = whole("delay_ms", 0, 3'600'000),
               batch = whole("batch", 1, 100'000), concurrency = whole("concurrency", 1, 100'000),
               timeout = whole("timeout_ms", 0, 3'600'000);
    if (!cost || !items || !delay || !batch || !concurrency || !timeout || !m.at("seed").is_number_unsigned()) return std::nullopt;
    r.cost = static_cast<int>(*cost);
    r.base.server = url_target{m.at("server").get<std::string>()};
    r.base.items = static_cast<std::size_t>(*items);
    r.base.delay_ms = static_cast<std::int64_t>(*delay);
    r.base.batch = static_cast<std::size_t>(*batch);
    r.base.concurrency = static_cast<std::size_t>(*concurrency);
    r.base.seed = m.at("seed").get<std::uint64_t>();
    r.base.timeout_ms = static_cast<std::int64_t>(*timeout);
    return r;
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

std::string events_message(const ui::mixed_feed::batch& batch) {
  json segments = json::array(), ended = json::array();
  for (const auto& e : batch.events) {
    segments.push_back(json::array({e.run, e.s.what == mixed_segment::kind::cpu ? 0 : 1, e.s.item, to_seconds(e.s.start),
                                    to_seconds(e.s.end), e.s.ok}));
  }
  for (const auto& e : batch.ended) {
    json end{{"run", e.run}, {"failure", e.failure}};
    if (e.failure.empty()) end["result"] = write_mixed_run(e.result);
    ended.push_back(std::move(end));
  }
  return json{{"mixed_started", started_json(batch.started)}, {"mixed_segments", segments}, {"mixed_ended", ended},
              {"all_done", batch.all_done},   {"error", batch.error}}
      .dump();
}

std::optional<bool> replay_events(const std::string& text, ui::mixed_feed& into) {
  const auto j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("mixed_segments")) return std::nullopt;
  try {
    for (const auto& s : j.at("mixed_started")) into.run_started(s.at(0).get<std::size_t>());
    for (const auto& e : j.at("mixed_segments")) {
      mixed_segment s;
      s.what = e.at(1).get<int>() == 0 ? mixed_segment::kind::cpu : mixed_segment::kind::io;
      s.item = e.at(2).get<std::size_t>();
      s.start = clock::time_point{from_seconds(e.at(3).get<double>())};
      s.end = clock::time_point{from_seconds(e.at(4).get<double>())};
      s.ok = e.at(5).get<bool>();
      into.push({e.at(0).get<std::size_t>(), s});
    }
    for (const auto& e : j.at("mixed_ended")) {
      ui::mixed_feed::run_end end;
      end.run = e.at("run").get<std::size_t>();
      end.failure = e.at("failure").get<std::string>();
      if (end.failure.empty()) {
        auto result = read_mixed_run(e.at("result").get<std::string>());
        if (!result) end.failure = "the worker's result does not read back: " + result.error().message;
        else end.result = *std::move(result);
      }
      into.run_ended(std::move(end));
    }
    return replay_all_done(j, into);
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

}  // namespace crawlbench::web
