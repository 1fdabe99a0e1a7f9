#include "run_command.hpp"

#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>
#include <stdexcept>

#include "crawlbench/atomic_file.hpp"
#include "crawlbench/result.hpp"
#include "crawlbench/result_table.hpp"
#include "crawlbench/share_link.hpp"
#include "crawlbench/virtual_loop.hpp"
#include "curl_runs.hpp"
#include "embedded_server.hpp"
#include "interrupt.hpp"
#include "open_file_limit.hpp"
#include "thread_cpu.hpp"

namespace crawlbench::cli {

namespace {
crawl_run crawl_simulated(const crawl_config& config, const simulation_options& sim) {
  virtual_clock time;
  scheduler sched{time};
  simulated_transport transport{sched, sim};
  interrupt_observer observer;
  return run_virtual(sched, time, run_crawl(sched, transport, config, &observer));
}
}  // namespace

int run_command(const run_options& o) {
  const bool simulated = o.transport == "sim";
  // Without --server, a real crawl gets its own delay server, in a child process.
  std::unique_ptr<native::embedded_server> embedded;
  std::string server = o.server;
  if (server.empty() && simulated) server = "http://sim";
  auto runs = plan_runs(o.plan, server.empty() ? std::string("http://embedded") : server);
  for (const auto& config : runs) {
    if (auto problem = simulated ? validate(o.sim, config) : validate(config)) {
      std::cerr << "crawlbench run: " << *problem << "\n";
      return 2;
    }
  }

  if (!simulated) {
    for (const auto& note : native::fit_to_open_file_limit(runs)) std::cerr << "crawlbench run: " << note << "\n";
  }
  if (server.empty()) {
    try {
      embedded = std::make_unique<native::embedded_server>(o.plan.delay_ms);
    } catch (const std::runtime_error& e) {
      std::cerr << "crawlbench run: " << e.what() << "\n";
      return 1;
    }
    server = embedded->url();
  }

  const bool progress = ::isatty(STDERR_FILENO) != 0;
  std::vector<table_row> rows;
  const interrupt_guard ctrl_c;
  for (auto config : runs) {
    if (interrupt_guard::interrupted()) break;  // the later runs are not run
    if (embedded) config.server = server;
    if (progress) {
      std::cerr << "\r\x1b[K" << to_string(config.strategy) << ": " << config.num << " requests x " << config.delay_ms
                << " ms at C=" << config.effective_concurrency() << " ..." << std::flush;
    }
    const double cpu_before = native::thread_cpu_seconds();
    crawl_run run = simulated ? crawl_simulated(config, o.sim) : crawl_with_curl(config);
    const double cpu = native::thread_cpu_seconds() - cpu_before;
    rows.push_back({summarize(std::move(run)), cpu * 1e6 / static_cast<double>(config.num)});
  }
  if (progress) std::cerr << "\r\x1b[K" << std::flush;

  std::vector<strategy_result> results;
  for (const auto& row : rows) results.push_back(row.result);
  if (o.json) {
    std::cout << write_results_json(results, false, 2) << "\n";
  } else if (o.csv) {
    std::cout << format_csv(rows);
  } else {
    std::cout << "crawlbench run: transport " << o.transport
              << (simulated ? " (simulated delay server, virtual time)" : "") << ", server "
              << (simulated ? std::string("simulated") : embedded ? server + " (embedded)" : server) << ", " << o.plan.num
              << " x " << o.plan.delay_ms << " ms\n";
    if (o.plan.serial_num != 0 && o.plan.serial_num < o.plan.num) {
      for (const auto s : o.plan.strategies) {
        if (s == strategy_kind::serial) {
          std::cout << "serial ran " << o.plan.serial_num << " of the " << o.plan.num
                    << " requests: it takes N x delay (--serial-num 0 runs all)\n";
        }
      }
    }
    std::cout << format_table(rows);
  }

  if (o.share) {
    shared_results shared{o.plan, o.server, results};
    // The table on stdout stays parseable in --json and --csv mode: the link goes to stderr there.
    (o.json || o.csv ? std::cerr : std::cout) << "share link: " << share_url(o.share_base, shared) << "\n";
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
  if (interrupt_guard::interrupted()) {
    std::cerr << "crawlbench run: interrupted: " << rows.size() << " of " << runs.size()
              << " runs started, the last one cancelled\n";
    status = 130;
  }
  return status;
}

}  // namespace crawlbench::cli
