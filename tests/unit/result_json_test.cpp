#include <catch2/catch.hpp>

#include <limits>

#include <nlohmann/json.hpp>

#include "crawlbench/limits.hpp"
#include "crawlbench/result.hpp"
#include "crawlbench/simulated_transport.hpp"
#include "support.hpp"

using namespace crawlbench;
using namespace std::chrono_literals;

namespace {
strategy_result sample(std::size_t num = 50) {
  test::virtual_world world;
  simulated_transport sim{world.sched, {.round_trip = 1ms, .jitter = 3ms}};
  crawl_config config;
  config.strategy = strategy_kind::aiohttp;
  config.num = num;
  config.delay_ms = 20;
  config.concurrency = 7;
  config.server = simulated_target{};
  return summarize(world.run(run_crawl(world.sched, sim, config)));
}

std::string error_of(const std::string& text) {
  const auto parsed = read_results_json(text);
  REQUIRE_FALSE(parsed.has_value());
  return parsed.error().message;
}
}  // namespace

TEST_CASE("result json round-trips every summary field and the spans") {
  const auto original = sample();
  const auto text = write_results_json({original}, true);
  const auto parsed = read_results_json(text);
  REQUIRE(parsed.has_value());
  const auto& runs = parsed.value();
  REQUIRE(runs.size() == 1);
  const auto& r = runs[0];
  CHECK(r.strategy == "aiohttp");
  CHECK(r.transport == "sim");
  CHECK(r.num == 50);
  CHECK(r.delay_ms == 20);
  CHECK(r.concurrency == 7);
  CHECK(r.ok == original.ok);
  CHECK(r.errors == 0);
  CHECK(r.result_bytes == 50);
  CHECK(r.seconds == Approx(original.seconds).margin(1e-6));
  CHECK(r.lower_bound_s == Approx(original.lower_bound_s).margin(1e-6));
  REQUIRE(r.efficiency);
  CHECK(*r.efficiency == Approx(*original.efficiency).margin(1e-4));
  CHECK(r.latency.p99 == Approx(original.latency.p99).margin(1e-6));
  CHECK(r.max_in_flight == 7);
  CHECK(r.series.in_flight.size() == original.series.in_flight.size());
  REQUIRE(r.spans.size() == 50);
  for (std::size_t i = 0; i < 50; ++i) {
    CHECK(to_seconds(r.spans[i].done) == Approx(to_seconds(original.spans[i].done)).margin(1e-6));
    CHECK(r.spans[i].status == 200);
    CHECK(r.spans[i].result == outcome::ok);
  }
}

TEST_CASE("result json carries the documented top-level fields") {
  const auto doc = nlohmann::json::parse(write_results_json({sample(10)}, false));
  CHECK(doc["format"] == "crawlbench-result");
  CHECK(doc["version"] == 1);
  const auto& run = doc["runs"][0];
  for (const char* key : {"strategy", "num", "delay_ms", "concurrency", "ok", "errors", "result_bytes", "seconds",
                          "lower_bound_s", "efficiency", "throughput_rps", "latency_ms", "max_in_flight",
                          "in_flight_cv", "series"}) {
    CHECK(run.contains(key));
  }
  CHECK_FALSE(run.contains("spans"));
}

TEST_CASE("result json reader names what is wrong and never throws") {
  CHECK(error_of("").find("invalid JSON") == 0);
  CHECK(error_of("{\"format\": 3}") == "format: expected a string");
  CHECK(error_of(R"({"format": "other", "version": 1, "runs": []})").find("not a crawlbench result") == 0);
  CHECK(error_of(R"({"format": "crawlbench-result", "version": 99, "runs": []})").find("unsupported result version 99") == 0);
  auto doc = nlohmann::json::parse(write_results_json({sample(5)}, true));
  auto broken = doc;
  broken["runs"][0].erase("seconds");
  CHECK(error_of(broken.dump()) == "runs[0]: missing \"seconds\"");
  broken = doc;
  broken["runs"][0]["num"] = -3;
  CHECK(error_of(broken.dump()) == "runs[0].num: expected a whole number from 1 to 10,000,000");
  broken = doc;
  broken["runs"][0]["spans"]["status"].erase(0);
  CHECK(error_of(broken.dump()) == "runs[0].spans.status: expected 5 entries");
  broken = doc;
  broken["runs"][0]["spans"]["outcome"][2] = "exploded";
  CHECK(error_of(broken.dump()) == "runs[0].spans[2].outcome: unknown outcome \"exploded\"");
}

TEST_CASE("result json round-trips the retries, and reads a file written without them as none") {
  auto original = sample(5);
  original.spans[3].retries = 1;
  original.retries = 1;
  const auto text = write_results_json({original}, true);
  const auto parsed = read_results_json(text);
  REQUIRE(parsed.has_value());
  const auto& r = parsed.value()[0];
  CHECK(r.retries == 1);
  REQUIRE(r.spans.size() == 5);
  for (std::size_t i = 0; i < 5; ++i) CHECK(r.spans[i].retries == (i == 3 ? 1 : 0));

  auto old = nlohmann::json::parse(text);
  old["runs"][0].erase("retries");
  old["runs"][0]["spans"].erase("retries");
  const auto read_old = read_results_json(old.dump());
  REQUIRE(read_old.has_value());
  const auto& o = read_old.value()[0];
  CHECK(o.retries == 0);
  for (const auto& s : o.spans) CHECK(s.retries == 0);

  auto broken = nlohmann::json::parse(text);
  broken["runs"][0]["spans"]["retries"][1] = 300;
  CHECK(error_of(broken.dump()) == "runs[0].spans[1].retries: out of range");
  broken = nlohmann::json::parse(text);
  broken["runs"][0]["spans"]["retries"].erase(0);
  CHECK(error_of(broken.dump()) == "runs[0].spans.retries: expected 5 entries");
}

TEST_CASE("result json says an insecure run's certificates were not checked, and a tls_error span round trips") {
  auto original = sample(5);
  original.insecure = true;
  original.spans[2].result = outcome::tls_error;
  const auto text = write_results_json({original}, true);
  CHECK(nlohmann::json::parse(text)["runs"][0]["tls"] == "insecure: certificate not checked");
  const auto parsed = read_results_json(text);
  REQUIRE(parsed.has_value());
  CHECK(parsed.value()[0].insecure);
  CHECK(parsed.value()[0].spans[2].result == outcome::tls_error);

  original.insecure = false;
  const auto checked = write_results_json({original}, false);
  CHECK_FALSE(nlohmann::json::parse(checked)["runs"][0].contains("tls"));
  CHECK_FALSE(read_results_json(checked).value()[0].insecure);

  auto broken = nlohmann::json::parse(text);
  broken["runs"][0]["tls"] = "checked";
  CHECK(error_of(broken.dump()) == "runs[0].tls: expected \"insecure: certificate not checked\"");
}

TEST_CASE("result json reader refuses negative, huge and non-finite numbers with the field named") {
  const auto doc = nlohmann::json::parse(write_results_json({sample(5)}, true));
  const auto refused = [&](const nlohmann::json::json_pointer& where, const nlohmann::json& value) {
    auto broken = doc;
    broken[where] = value;
    return error_of(broken.dump());
  };
  using ptr = nlohmann::json::json_pointer;
  CHECK(refused(ptr("/runs/0/num"), std::numeric_limits<std::uint64_t>::max()) ==
        "runs[0].num: expected a whole number from 1 to 10,000,000");
  CHECK(refused(ptr("/runs/0/delay_ms"), -1) == "runs[0].delay_ms: expected a whole number from 0 to 3,600,000");
  CHECK(refused(ptr("/runs/0/concurrency"), 0).find("runs[0].concurrency: expected") == 0);
  CHECK(refused(ptr("/runs/0/ok"), 6) == "runs[0].ok: expected a whole number from 0 to 5");
  CHECK(refused(ptr("/runs/0/rate_rps"), 1e-300).find("runs[0].rate_rps: expected 0 (concurrency / delay)") == 0);
  CHECK(refused(ptr("/runs/0/seconds"), -1.0) == "runs[0].seconds: expected a number from 0 to 9,200,000,000");
  CHECK(refused(ptr("/runs/0/lower_bound_s"), 2e300).find("runs[0].lower_bound_s: expected") == 0);
  CHECK(refused(ptr("/runs/0/efficiency"), 1.3e302).find("runs[0].efficiency: expected") == 0);
  CHECK(refused(ptr("/runs/0/latency_ms/p50"), -9223372036842.0).find("runs[0].latency_ms.p50: expected") == 0);
  CHECK(refused(ptr("/runs/0/spans/done_s/1"), 1e300).find("runs[0].spans[1].done_s: expected") == 0);
  CHECK(refused(ptr("/runs/0/span_stride"), 0).find("runs[0].span_stride: expected") == 0);
  // JSON has no NaN or infinity; a number past double's range is refused by the parser.
  auto text = doc.dump();
  const auto seconds = text.find("\"seconds\":") + 10;
  text.replace(seconds, text.find(',', seconds) - seconds, "1e400");
  CHECK(error_of(text).find("invalid JSON: [json.exception.out_of_range.406] number overflow parsing '1e400'") == 0);
}

TEST_CASE("result json writer writes no NaN or infinity for a run of the largest accepted schedule") {
  test::virtual_world world;
  simulated_transport sim{world.sched, {}};
  auto config = test::book(strategy_kind::rate, 10'001, 0, 100);
  config.rate_rps = min_rate_rps;
  config.server = simulated_target{};
  const auto text = write_results_json({summarize(world.run(run_crawl(world.sched, sim, config)))}, false);
  CHECK(text.find("null") == std::string::npos);
  CHECK(text.find("\"lower_bound_s\":10000000.0") != std::string::npos);
  CHECK(read_results_json(text).has_value());
}

TEST_CASE("result json round-trips what connections cost, and reads a file written without them as unknown") {
  test::virtual_world world;
  simulated_transport sim{world.sched, {.round_trip = 2ms, .connect = 1ms, .tls_round_trips = 1}};
  auto config = test::book(strategy_kind::aiohttp, 6, 20, 2);
  config.server = simulated_target{sim.options()};
  const auto original = summarize(world.run(run_crawl(world.sched, sim, config)));
  const auto text = write_results_json({original}, true);
  const auto parsed = read_results_json(text);
  REQUIRE(parsed.has_value());
  const auto& r = parsed.value()[0];
  CHECK(r.connections_opened == 2u);
  CHECK(r.tls_handshakes == 2u);
  REQUIRE(r.connection_setup_s.has_value());
  CHECK(*r.connection_setup_s == Approx(2 * 0.003));
  std::size_t opened = 0;
  for (std::size_t i = 0; i < 6; ++i) {
    const auto& s = r.spans[i];
    CHECK(s.connection == original.spans[i].connection);
    if (s.connection != connection_use::opened_tls) continue;
    ++opened;
    CHECK(to_seconds(s.connected - s.started) == Approx(0.001).margin(1e-6));
    CHECK(to_seconds(s.tls_done - s.started) == Approx(0.003).margin(1e-6));
  }
  CHECK(opened == 2);

  auto old = nlohmann::json::parse(text);
  for (const char* key : {"connections_opened", "tls_handshakes", "connection_setup_s"}) old["runs"][0].erase(key);
  for (const char* key : {"connection", "connected_s", "tls_done_s"}) old["runs"][0]["spans"].erase(key);
  const auto read_old = read_results_json(old.dump());
  REQUIRE(read_old.has_value());
  CHECK_FALSE(read_old.value()[0].connections_opened.has_value());
  CHECK(read_old.value()[0].spans[0].connection == connection_use::unknown);
}

TEST_CASE("result json reader refuses connection fields that contradict each other or the run") {
  test::virtual_world world;
  simulated_transport sim{world.sched, {.connect = 1ms}};
  auto config = test::book(strategy_kind::aiohttp, 4, 20, 2);
  config.server = simulated_target{sim.options()};
  const auto text = write_results_json({summarize(world.run(run_crawl(world.sched, sim, config)))}, true);
  const auto broken = [&](auto&& change) {
    auto j = nlohmann::json::parse(text);
    change(j["runs"][0]);
    return error_of(j.dump());
  };
  CHECK(broken([](auto& run) { run["spans"]["connection"][0] = "teleported"; }) ==
        "runs[0].spans[0].connection: unknown connection \"teleported\"");
  CHECK(broken([](auto& run) { run["spans"]["tls_done_s"][0] = 0.5; }) ==
        "runs[0].spans[0].tls_done_s: expected null (no connection opened, or no TLS)");
  CHECK(broken([](auto& run) { run["spans"]["connected_s"][0] = nullptr; }).find("runs[0].spans[0].connected_s") == 0);
  CHECK(broken([](auto& run) { run["spans"]["connected_s"].erase(0); }) == "runs[0].spans.connected_s: expected 4 entries");
  // The reader checks values before it names their place: each wrong kind still gets its place.
  CHECK(broken([](auto& run) { run["spans"]["connection"][1] = 2; }) == "runs[0].spans[1].connection: expected a string");
  CHECK(broken([](auto& run) { run["spans"]["connected_s"][0] = -0.5; }).find("runs[0].spans[0].connected_s: expected") == 0);
  CHECK(broken([](auto& run) { run["spans"]["connected_s"][0] = "soon"; }) == "runs[0].spans[0].connected_s: expected a number");
  CHECK(broken([](auto& run) { run["connections_opened"] = 5; }) == "runs[0].connections_opened: expected a whole number from 0 to 4");
  CHECK(broken([](auto& run) { run["tls_handshakes"] = -1; }).find("runs[0].tls_handshakes") == 0);
  CHECK(broken([](auto& run) { run["connection_setup_s"] = -1; }).find("runs[0].connection_setup_s") == 0);
}
