#include "run_command.hpp"

#include <sys/resource.h>

#include <cstdio>
#include <iostream>

#include "crawlbench/atomic_file.hpp"
#include "crawlbench/result.hpp"
#include "crawlbench/virtual_loop.hpp"
#include "result_table.hpp"

namespace crawlbench::cli {

namespace {
double cpu_seconds() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

crawl_run crawl_simulated(const crawl_config& config, const simulation_options& sim) {
  virtual_clock time;
  scheduler sched{time};
  simulated_transport transport{sched, sim};
  return run_virtual(sched, time, run_crawl(sched, transport, config));
}

std::vector<crawl_config> plan_runs(const run_options& o) {
  std::vector<crawl_config> runs;
  for (const auto strategy : o.strategies) {
    for (const auto c : o.concurrency) {
      crawl_config config;
      config.strategy = strategy;
      config.server = o.server.empty() ? std::string("http://sim") : o.server;
      config.num = strategy == strategy_kind::serial && o.serial_num != 0 ? std::min(o.num, o.serial_num) : o.num;
      config.delay_ms = o.delay_ms;
      config.concurrency = c;
      config.rate_rps = o.rate_rps;
      config.timeout_ms = o.timeout_ms;
      config.seed = o.seed;
      runs.push_back(std::move(config));
      if (strategy == strategy_kind::serial) break;  // concurrency 1 whatever the sweep says
    }
  }
  return runs;
}
}  // namespace

int run_command(const run_options& o) {
  const auto runs = plan_runs(o);
  for (const auto& config : runs) {
    if (auto problem = validate(config)) {
      std::cerr << "crawlbench run: " << *problem << "\n";
      return 2;
    }
  }

  std::vector<table_row> rows;
  for (const auto& config : runs) {
    const double cpu_before = cpu_seconds();
    const crawl_run run = crawl_simulated(config, o.sim);
    const double cpu = cpu_seconds() - cpu_before;
    rows.push_back({summarize(run), cpu * 1e6 / static_cast<double>(config.num)});
  }

  std::vector<strategy_result> results;
  for (const auto& row : rows) results.push_back(row.result);
  if (o.json) {
    std::cout << write_results_json(results, false, 2) << "\n";
  } else if (o.csv) {
    std::cout << format_csv(rows);
  } else {
    std::cout << "crawlbench run: transport " << o.transport
              << (o.transport == "sim" ? " (simulated delay server, virtual time)" : "") << ", " << o.num << " x "
              << o.delay_ms << " ms\n";
    if (o.serial_num != 0 && o.serial_num < o.num) {
      for (const auto s : o.strategies) {
        if (s == strategy_kind::serial) {
          std::cout << "serial ran " << o.serial_num << " of the " << o.num
                    << " requests: it takes N x delay (--serial-num 0 runs all)\n";
        }
      }
    }
    std::cout << format_table(rows);
  }

  int status = 0;
  if (!o.out.empty()) {
    if (auto problem = write_file_atomically(o.out, write_results_json(results, true) + "\n")) {
      std::cerr << "crawlbench run: " << *problem << "\n";
      status = 1;
    }
  }
  const auto failures = failure_lines(rows);
  for (const auto& line : failures) std::cerr << "FAILED " << line << "\n";
  if (!failures.empty()) status = 1;
  return status;
}

}  // namespace crawlbench::cli
