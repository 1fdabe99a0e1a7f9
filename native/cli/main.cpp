// crawlbench: crawl a delay server with the book's strategies and show what async I/O hides.
#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

#include "run_command.hpp"

using namespace crawlbench;

namespace {
void add_run_options(CLI::App& run, cli::run_options& o, std::string& strategy_list, std::string& concurrency_list,
                     double& rtt_ms, double& connect_ms, double& jitter_ms) {
  run.add_option("--server", o.server, "Base URL of a delay server speaking the book's /add API (default: one embedded in this process)");
  run.add_option("--strategy", strategy_list, "Comma-separated strategies, or 'all': serial,gevent,tornado,aiohttp,batched,rate")
      ->default_str("all");
  run.add_option("--num", o.num, "Requests per strategy")->check(CLI::Range(1, 10'000'000))->capture_default_str();
  run.add_option("--serial-num", o.serial_num, "Requests for serial, which takes N x delay (0: same as --num)")
      ->check(CLI::Range(0, 10'000'000))
      ->capture_default_str();
  run.add_option("--delay", o.delay_ms, "Server delay per request, ms")->check(CLI::Range(0, 3'600'000))->capture_default_str();
  run.add_option("--concurrency", concurrency_list, "Requests in flight, or a list for a sweep: 1,26,51")
      ->default_str("100");
  run.add_option("--rate", o.rate_rps, "Requests/s for the rate strategy (default: concurrency / delay)")
      ->check(CLI::NonNegativeNumber);
  run.add_option("--timeout", o.timeout_ms, "Per-request timeout, ms (0: none)")->check(CLI::Range(0, 3'600'000))->capture_default_str();
  run.add_option("--seed", o.seed, "Seed of the random URL suffixes")->capture_default_str();
  run.add_option("--transport", o.transport, "curl (real HTTP) or sim (the simulated server, in virtual time)")
      ->check(CLI::IsMember({"curl", "sim"}))
      ->capture_default_str();
  run.add_option("--sim-rtt", rtt_ms, "Simulated network round trip, ms")->check(CLI::NonNegativeNumber);
  run.add_option("--sim-connect", connect_ms, "Simulated cost of opening a connection, ms")->check(CLI::NonNegativeNumber);
  run.add_option("--sim-jitter", jitter_ms, "Simulated extra server delay, uniform in [0, J) ms")->check(CLI::NonNegativeNumber);
  run.add_option("--sim-server-limit", o.sim.server_concurrency, "Simulated server serves at most K at once (0: no limit)");
  auto* json = run.add_flag("--json", o.json, "Print the result JSON instead of the table");
  run.add_flag("--csv", o.csv, "Print one CSV row per run instead of the table")->excludes(json);
  run.add_option("--out", o.out, "Also write the result JSON, with every request's span, to this file");
}

std::vector<strategy_kind> parse_strategies(const std::string& list) {
  if (list == "all") return {all_strategies.begin(), all_strategies.end()};
  std::vector<strategy_kind> out;
  for (const auto& name : CLI::detail::split(list, ',')) {
    const auto s = parse_strategy(CLI::detail::trim_copy(name));
    if (!s) throw CLI::ValidationError("--strategy", "unknown strategy '" + name + "' (serial, gevent, tornado, aiohttp, batched, rate or all)");
    out.push_back(*s);
  }
  if (out.empty()) throw CLI::ValidationError("--strategy", "no strategy given");
  return out;
}

std::vector<std::size_t> parse_concurrency(const std::string& list) {
  std::vector<std::size_t> out;
  for (const auto& item : CLI::detail::split(list, ',')) {
    const auto text = CLI::detail::trim_copy(item);
    std::size_t value = 0, used = 0;
    try {
      value = std::stoul(text, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != text.size() || value == 0 || value > 1'000'000 || text[0] == '-') {
      throw CLI::ValidationError("--concurrency", "'" + text + "' is not a whole number from 1 to 1000000");
    }
    out.push_back(value);
  }
  if (out.empty()) throw CLI::ValidationError("--concurrency", "no value given");
  return out;
}
}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"crawlbench: how asynchronous I/O hides latency, measured"};
  app.require_subcommand(1);
  cli::run_options run_options;
  std::string strategy_list = "all", concurrency_list = "100";
  double rtt_ms = 0, connect_ms = 0, jitter_ms = 0;
  auto* run = app.add_subcommand("run", "Crawl N URLs with each strategy and print the results");
  add_run_options(*run, run_options, strategy_list, concurrency_list, rtt_ms, connect_ms, jitter_ms);

  try {
    app.parse(argc, argv);
    run_options.strategies = parse_strategies(strategy_list);
    run_options.concurrency = parse_concurrency(concurrency_list);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }

  try {
    const auto ms = [](double v) { return std::chrono::duration_cast<clock::duration>(std::chrono::duration<double, std::milli>(v)); };
    run_options.sim.round_trip = ms(rtt_ms);
    run_options.sim.connect = ms(connect_ms);
    run_options.sim.jitter = ms(jitter_ms);
    if (run->parsed()) return cli::run_command(run_options);
  } catch (const std::exception& e) {
    std::cerr << "crawlbench: internal error: " << e.what() << "\n";
    return 3;
  }
  return 2;
}
