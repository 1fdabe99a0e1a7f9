#include "automation.hpp"

#include <emscripten.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <string>

#include "crawlbench/expect_status.hpp"
#include "crawlbench/limits.hpp"
#include "crawlbench/request_headers.hpp"
#include "crawlbench/result.hpp"
#include "worker_protocol.hpp"

namespace crawlbench::web {

namespace {
ui::app* the_app = nullptr;
bool run_pending = false;
bool mixed_pending = false;  // the pending run is the CPU + I/O workload
std::string last_text;  // keeps the strings handed to JavaScript alive until the next call

// A whole number from `low` to `high` into `into`, or an error saying what is wrong with it.
template <typename T>
expected<void> read_whole(const std::string& key, const nlohmann::json& value, T& into, double low, double high) {
  if (!value.is_number() || value.get<double>() < low || value.get<double>() > high ||
      value.get<double>() != static_cast<double>(static_cast<long long>(value.get<double>()))) {
    return unexpected_error(key + ": expected " +
                            whole_range{static_cast<std::uint64_t>(low), static_cast<std::uint64_t>(high)}.words());
  }
  into = static_cast<T>(value.get<double>());
  return {};
}

// A list key's value as the CLI's comma-separated text: a string as it is, a number, or an array
// of either joined with commas ("gevent,aiohttp", "1,26,51").
std::string comma_list(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (!value.is_array()) return value.dump();
  std::string list;
  for (const auto& item : value) list += (list.empty() ? "" : ",") + (item.is_string() ? item.get<std::string>() : item.dump());
  return list;
}

// The workload a runMixed(config) asks for, or an error saying what is wrong with the config.
expected<ui::mixed_request> mixed_request_of(const std::string& text) {
  const auto config = nlohmann::json::parse(text, nullptr, false);
  if (config.is_discarded() || !config.is_object()) return unexpected_error("config: expected a JSON object");
  ui::mixed_request request;
  request.modes = browser_mixed_modes();
  request.base.items = 100;
  for (auto item = config.begin(); item != config.end(); ++item) {
    const std::string key = item.key();
    const nlohmann::json& value = item.value();
    expected<void> checked;
    if (key == "modes") {
      auto parsed = parse_mixed_mode_list(comma_list(value));
      if (!parsed) return unexpected_error("modes: " + parsed.error().message);
      request.modes = *std::move(parsed);
    } else if (key == "items") {
      checked = read_whole(key, value, request.base.items, 1, 100'000);
    } else if (key == "cost") {
      checked = read_whole(key, value, request.cost, 4, 16);
    } else if (key == "delay") {
      checked = read_whole(key, value, request.base.delay_ms, 0, 3'600'000);
    } else if (key == "batch") {
      checked = read_whole(key, value, request.base.batch, 1, 100'000);
    } else if (key == "concurrency") {
      checked = read_whole(key, value, request.base.concurrency, 1, 100'000);
    } else {
      return unexpected_error("config: unknown key \"" + key + "\" (modes, items, cost, delay, batch, concurrency)");
    }
    if (!checked) return unexpected(std::move(checked).error());
  }
  return request;
}

// What a run(config) asks for: the plan, and the server (none: the default, app::choose_server).
struct run_request {
  crawl_plan plan;
  std::optional<server_target> server;
};

// The server keys of a run(config): transport ('sim' or 'fetch'), server (a delay server's URL)
// and the simulator's knobs (sim_rtt, sim_connect, sim_jitter, sim_tls_cpu in ms; sim_server_limit,
// sim_tls_rtts), as the
// CLI's --transport, --server and --sim-*. Knobs alone mean the simulator. Whether `key` is one.
struct server_keys {
  std::optional<std::string> transport;
  std::optional<std::string> server;
  simulation_options sim;
  bool knobs = false;

  expected<bool> read(const std::string& key, const nlohmann::json& value) {
    if (key == "transport" || key == "server") {
      if (!value.is_string()) return unexpected_error(key + ": expected a string");
      if (key == "transport" && value != "sim" && value != "fetch") return unexpected_error("transport: expected 'sim' or 'fetch'");
      (key == "transport" ? transport : server) = value.get<std::string>();
      return true;
    }
    if (key == "sim_rtt" || key == "sim_connect" || key == "sim_jitter" || key == "sim_tls_cpu") {
      if (!value.is_number() || !(value.get<double>() >= 0 && value.get<double>() <= max_sim_ms)) {
        return unexpected_error(key + ": expected 0 to " + with_thousands(static_cast<std::uint64_t>(max_sim_ms)) + " ms");
      }
      auto& into = key == "sim_rtt"       ? sim.round_trip
                   : key == "sim_connect" ? sim.connect
                   : key == "sim_jitter"  ? sim.jitter
                                          : sim.tls_cpu;
      into = simulation_ms(value.get<double>());
      return knobs = true;
    }
    if (key == "sim_server_limit" || key == "sim_tls_rtts") {
      const bool limit = key == "sim_server_limit";
      const auto& range = limit ? server_limit_range : tls_round_trips_range;
      auto& into = limit ? sim.server_concurrency : sim.tls_round_trips;
      if (auto checked = read_whole(key, value, into, 0, static_cast<double>(range.high)); !checked) {
        return unexpected(std::move(checked).error());
      }
      return knobs = true;
    }
    return false;
  }

  // The server they name, or what is wrong with the combination.
  expected<std::optional<server_target>> target() const {
    const bool simulated = transport == "sim" || (!transport && !server && knobs);
    if (simulated && server) return unexpected_error("server: the simulator is the server (drop server, or use transport 'fetch')");
    if (!simulated && knobs) return unexpected_error("sim_*: the simulator's knobs need transport 'sim'");
    if (simulated) return std::optional<server_target>{simulated_target{sim}};
    if (server) {
      auto parsed = parse_server_target(*server);
      if (!parsed || server->empty()) return unexpected_error("server: " + (parsed ? std::string("expected a delay server's URL") : parsed.error().message));
      return std::optional<server_target>{*parsed};
    }
    if (transport) return std::optional<server_target>{embedded_target{}};  // 'fetch': this page's server
    return std::optional<server_target>{};
  }
};

// The URL-list keys of a run(config), as the CLI's --urls, --header and --expect-status: urls (a
// list of URLs: request i fetches urls[i]), headers ("Name: value" strings, sent with every
// request) and expect_status ("200,204,300-399"). Whether `key` is one.
struct list_keys {
  std::optional<std::vector<std::string>> urls;
  std::vector<std::string> headers;
  std::optional<expected_statuses> expect_status;

  expected<bool> read(const std::string& key, const nlohmann::json& value) {
    if (key == "urls" || key == "headers") {
      const bool strings = value.is_array() && std::all_of(value.begin(), value.end(), [](const auto& v) { return v.is_string(); });
      if (!strings) return unexpected_error(key + ": expected a list of strings");
      (key == "urls" ? urls.emplace() : headers) = value.get<std::vector<std::string>>();
      if (auto checked = check_request_headers(headers); !checked) return unexpected_error("headers: " + checked.error().message);
      return true;
    }
    if (key != "expect_status") return false;
    if (!value.is_string()) return unexpected_error("expect_status: expected a string such as \"200,204,300-399\"");
    auto parsed = parse_expect_status(value.get<std::string>());
    if (!parsed) return unexpected(std::move(parsed).error());
    expect_status = *std::move(parsed);
    return true;
  }

  // Whether the rest of `config` fits: a list is fetched by the browser from its own servers, N is
  // its size, and the delay server's knobs do not apply. Success, or what is wrong.
  [[nodiscard]] expected<void> fits(const nlohmann::json& config, const server_keys& server) const {
    if (!urls) return expect_status ? unexpected_error("expect_status: only with urls") : expected<void>{};
    if (server.transport == "sim" || server.knobs) {
      return unexpected_error("urls: a URL list is fetched by the browser (drop transport 'sim' and the sim_* knobs)");
    }
    if (server.server) return unexpected_error("urls: a URL list names its own servers (drop server)");
    for (const char* key : {"delay", "serial_num", "origins"}) {
      if (config.contains(key)) return unexpected_error(std::string(key) + ": does not apply to a URL list (each URL's server decides)");
    }
    const std::string count = std::to_string(urls->size());
    if (config.contains("num") && config.at("num") != urls->size()) {
      return unexpected_error("num: the list has " + count + " URLs: give no num, or " + count);
    }
    if (auto checked = server_target{url_list_target{*urls}}.check(); !checked) return unexpected_error("urls: " + checked.error().message);
    return {};
  }
};

// The plan and server a run(config) asks for, or an error saying what is wrong with the config.
expected<run_request> request_of(const std::string& text) {
  const auto config = nlohmann::json::parse(text, nullptr, false);
  if (config.is_discarded() || !config.is_object()) return unexpected_error("config: expected a JSON object");
  crawl_plan plan;
  plan.serial_num = 20;
  server_keys server;
  list_keys list;
  for (auto item = config.begin(); item != config.end(); ++item) {
    const std::string key = item.key();
    const nlohmann::json& value = item.value();
    const auto whole = [&](auto& into, double low, double high) { return read_whole(key, value, into, low, high); };
    expected<void> checked;
    auto known = server.read(key, value);
    if (known && !*known) known = list.read(key, value);
    if (!known) return unexpected(std::move(known).error());
    if (*known) continue;
    if (key == "strategy") {
      auto parsed = parse_strategy_list(comma_list(value));
      if (!parsed) return unexpected_error("strategy: " + parsed.error().message);
      plan.strategies = *std::move(parsed);
    } else if (key == "concurrency") {
      auto parsed = parse_concurrency_list(comma_list(value));
      if (!parsed) return unexpected_error("concurrency: " + parsed.error().message);
      plan.concurrency = *std::move(parsed);
    } else if (key == "num") {
      checked = whole(plan.num, 1, 10'000'000);
    } else if (key == "serial_num") {
      checked = whole(plan.serial_num, 0, 10'000'000);
    } else if (key == "delay") {
      checked = whole(plan.delay_ms, 0, 3'600'000);
    } else if (key == "timeout") {
      checked = whole(plan.timeout_ms, 0, 3'600'000);
    } else if (key == "rate") {
      if (!value.is_number() || !check_rate(value.get<double>())) return unexpected_error("rate: expected " + rate_words());
      plan.rate_rps = value.get<double>();
    } else if (key == "origins") {
      checked = whole(plan.origins, 1, static_cast<double>(max_origins));
    } else {
      return unexpected_error("config: unknown key \"" + key +
                              "\" (strategy, num, serial_num, delay, concurrency, rate, timeout, origins, transport, "
                              "server, sim_rtt, sim_connect, sim_jitter, sim_server_limit, sim_tls_rtts, sim_tls_cpu, urls, "
                              "headers, expect_status)");
    }
    if (!checked) return unexpected(std::move(checked).error());
  }
  if (auto fits = list.fits(config, server); !fits) return unexpected(std::move(fits).error());
  plan.headers = list.headers;
  plan.expect_status = list.expect_status.value_or(expected_statuses{});
  if (list.urls) return run_request{std::move(plan), server_target{url_list_target{*std::move(list.urls)}}};
  auto target = server.target();
  if (!target) return unexpected(std::move(target).error());
  return run_request{std::move(plan), *std::move(target)};
}

EM_JS(void, settle_in_js, (int ok, const char* text), { window.crawlbench._settle(ok, UTF8ToString(text)); });

EM_JS(void, install_api, (), {
  let pending = null;
  // Calls a C function that starts a crawl; the promise settles through _settle.
  const crawl = (name, args) => new Promise((resolve, reject) => {
    pending = {resolve, reject};
    if (args.length) Module.callWithText(name, args[0]); else Module.ccall(name, null, [], []);
  });
  window.crawlbench = {
    run(config) { return crawl('crawlbench_run', [JSON.stringify(config || {})]); },
    runAgain() { return crawl('crawlbench_run_again', []); },
    runMixed(config) { return crawl('crawlbench_run_mixed', [JSON.stringify(config || {})]); },
    result() { return JSON.parse(Module.ccall('crawlbench_result', 'string', [], [])); },
    shareUrl() { return Module.ccall('crawlbench_share_url', 'string', [], []); },
    failures() { return JSON.parse(Module.ccall('crawlbench_failures', 'string', [], [])); },
    _settle(ok, text) {
      const p = pending;
      pending = null;
      if (!p) return;
      if (ok) p.resolve(JSON.parse(text)); else p.reject(new Error(text));
    },
  };
  console.log('crawlbench ready');
});

// The results on screen as the CLI's --json prints them.
std::string results_json(const ui::app& app) {
  std::vector<strategy_result> results;
  for (const auto& row : app.results()) results.push_back(row.result);
  return write_results_json(results, false);
}

void settle(bool ok, const std::string& text) { settle_in_js(ok ? 1 : 0, text.c_str()); }

// The app was asked to crawl: the promise settles when the crawl ends, or now if it did not start.
void started(const expected<void>& outcome, bool mixed = false) {
  if (!outcome) {
    settle(false, outcome.error().message);
    return;
  }
  run_pending = true;
  mixed_pending = mixed;
}
}  // namespace

extern "C" {
EMSCRIPTEN_KEEPALIVE void crawlbench_run(const char* config) {
  if (run_pending) {
    settle(false, "a run is in progress");
    return;
  }
  auto request = request_of(config ? config : "");
  if (!request) {
    settle(false, request.error().message);
    return;
  }
  the_app->choose_server(request->server);
  started(the_app->run(request->plan));
}

EMSCRIPTEN_KEEPALIVE void crawlbench_run_again() {
  if (run_pending) {
    settle(false, "a run is in progress");
    return;
  }
  started(the_app->run_again());
}

EMSCRIPTEN_KEEPALIVE void crawlbench_run_mixed(const char* config) {
  if (run_pending) {
    settle(false, "a run is in progress");
    return;
  }
  auto request = mixed_request_of(config ? config : "");
  if (!request) {
    settle(false, request.error().message);
    return;
  }
  started(the_app->run_mixed(*request), true);
}

EMSCRIPTEN_KEEPALIVE const char* crawlbench_result() {
  last_text = the_app->results().empty() ? std::string("null") : results_json(*the_app);
  return last_text.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* crawlbench_failures() {
  last_text = nlohmann::json(the_app->failures()).dump();
  return last_text.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* crawlbench_share_url() {
  last_text = the_app->share_link();
  return last_text.c_str();
}
}

void automation_ready(ui::app& app, worker_runner&) {
  the_app = &app;
  install_api();
}

void automation_frame(ui::app& app) {
  if (!run_pending || !(mixed_pending ? app.mixed_ended() : app.crawl_ended())) return;
  run_pending = false;
  if (!mixed_pending && !app.crawl_error().empty()) return settle(false, app.crawl_error());
  settle(true, mixed_pending ? app.mixed_json() : results_json(app));
}

}  // namespace crawlbench::web
