#include "worker_protocol.hpp"

#include <nlohmann/json.hpp>

#include <chrono>

#include "crawlbench/result.hpp"

namespace crawlbench::web {

namespace {
using json = nlohmann::json;

json config_to_json(const crawl_config& c) {
  return json{{"strategy", std::string(to_string(c.strategy))},
              {"server", c.server},
              {"num", c.num},
              {"delay_ms", c.delay_ms},
              {"concurrency", c.concurrency},
              {"rate_rps", c.rate_rps},
              {"timeout_ms", c.timeout_ms},
              {"seed", c.seed},
              {"name", c.name},
              {"mirrors", c.mirrors}};
}

crawl_config config_from_json(const json& j) {
  crawl_config c;
  c.strategy = parse_strategy(j.at("strategy").get<std::string>()).value_or(strategy_kind::aiohttp);
  c.server = j.at("server").get<std::string>();
  c.num = j.at("num").get<std::size_t>();
  c.delay_ms = j.at("delay_ms").get<std::int64_t>();
  c.concurrency = j.at("concurrency").get<std::size_t>();
  c.rate_rps = j.at("rate_rps").get<double>();
  c.timeout_ms = j.at("timeout_ms").get<std::int64_t>();
  c.seed = j.at("seed").get<std::uint64_t>();
  c.name = j.at("name").get<std::string>();
  c.mirrors = j.at("mirrors").get<std::vector<std::string>>();
  return c;
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
    for (const auto& c : j.at("start")) runs.push_back(config_from_json(c));
    return runs;
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

bool is_stop(const std::string& text) {
  const auto j = json::parse(text, nullptr, false);
  return !j.is_discarded() && j.is_object() && j.contains("stop");
}

std::string events_message(const ui::crawl_feed::batch& batch) {
  json started = json::array(), issued = json::array(), finished = json::array(), ended = json::array();
  for (const auto& s : batch.started) {
    const auto ms = std::chrono::duration<double, std::milli>(s.at.time_since_epoch()).count();
    started.push_back(json::array({s.run, ms}));
  }
  for (const auto& e : batch.requests) {
    if (!e.finished) {
      issued.push_back(json::array({e.run, e.index, to_seconds(e.s.started)}));
    } else {
      finished.push_back(json::array({e.run, e.index, to_seconds(e.s.started), to_seconds(e.s.done), e.s.status,
                                      static_cast<int>(e.s.result)}));
    }
  }
  for (const auto& e : batch.ended) {
    json end{{"run", e.run}, {"failure", e.failure}};
    if (e.failure.empty()) end["result"] = write_results_json({e.result}, true);
    ended.push_back(std::move(end));
  }
  return json{{"started", started}, {"issued", issued}, {"finished", finished},
              {"ended", ended},     {"all_done", batch.all_done}, {"error", batch.error}}
      .dump();
}

std::optional<bool> replay_events(const std::string& text, ui::crawl_feed& into) {
  const auto j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("finished")) return std::nullopt;
  try {
    for (const auto& s : j.at("started")) into.run_started(s.at(0).get<std::size_t>());
    for (const auto& e : j.at("issued")) {
      into.issued(e.at(0).get<std::size_t>(), e.at(1).get<std::size_t>(), from_seconds(e.at(2).get<double>()));
    }
    for (const auto& e : j.at("finished")) {
      span s;
      s.intended = s.queued = s.started = from_seconds(e.at(2).get<double>());
      s.first_byte = s.done = from_seconds(e.at(3).get<double>());
      s.status = e.at(4).get<int>();
      const int o = e.at(5).get<int>();
      s.result = o >= 0 && o < static_cast<int>(outcome_count) ? static_cast<outcome>(o) : outcome::transport_error;
      s.recorded = true;
      into.finished(e.at(0).get<std::size_t>(), e.at(1).get<std::size_t>(), s);
    }
    for (const auto& e : j.at("ended")) {
      ui::crawl_feed::run_end end;
      end.run = e.at("run").get<std::size_t>();
      end.failure = e.at("failure").get<std::string>();
      if (end.failure.empty()) {
        auto results = read_results_json(e.at("result").get<std::string>());
        if (auto* problem = std::get_if<std::string>(&results)) {
          end.failure = "the worker's result does not read back: " + *problem;
        } else if (std::get<0>(results).size() == 1) {
          end.result = std::move(std::get<0>(results)[0]);
        }
      }
      into.run_ended(std::move(end));
    }
    const bool done = j.at("all_done").get<bool>();
    if (done) into.all_done(j.at("error").get<std::string>());
    return done;
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

}  // namespace crawlbench::web
