#include "mixed_command.hpp"

#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <memory>
#include <stdexcept>

#include "bcrypt_task.hpp"
#include "crawlbench/book_figures.hpp"
#include "crawlbench/mixed_json.hpp"
#include "crawlbench/mixed_table.hpp"
#include "interrupt.hpp"
#include "native_runs.hpp"
#include "open_file_limit.hpp"

namespace crawlbench::cli {

namespace {

// The options as the workload's configuration (every mode's but the mode).
mixed_config base_config(const mixed_options& o) {
  mixed_config base;
  base.items = o.items;
  base.delay_ms = o.delay_ms;
  base.batch = o.batch;
  base.concurrency = o.concurrency;
  base.seed = o.seed;
  base.timeout_ms = o.timeout_ms;
  base.server = o.server;
  return base;
}

// bcrypt at the options' cost; null (said on stderr) when the cost is out of range.
std::unique_ptr<native::bcrypt_task> make_cpu(const mixed_options& o) {
  try {
    return std::make_unique<native::bcrypt_task>(o.cost, o.seed);
  } catch (const std::invalid_argument& e) {
    std::cerr << "crawlbench mixed: " << e.what() << "\n";
    return nullptr;
  }
}

// Each chosen mode in turn until `stop` (Ctrl-C); progress on stderr when it is a terminal.
std::vector<mixed_result> run_modes(native::bcrypt_task& cpu, const mixed_config& base, const mixed_options& o,
                                    const stop_token& stop) {
  const bool progress = ::isatty(STDERR_FILENO) != 0;
  std::vector<mixed_result> results;
  for (const auto mode : o.modes) {
    if (stop.stop_requested()) break;  // the later modes are not run
    if (progress) std::cerr << "\r\x1b[K" << to_string(mode) << ": " << o.items << " items ..." << std::flush;
    mixed_config config = base;
    config.mode = mode;
    results.push_back(mixed_natively(cpu, config, o.client, stop, o.trust));
  }
  if (progress) std::cerr << "\r\x1b[K" << std::flush;
  return results;
}

// The table for a reader: what ran where, a row per mode, then the retries and failures.
void print_table(const mixed_options& o, const std::string& cpu, const std::vector<mixed_result>& results,
                 const std::string& server_label) {
  std::cout << "crawlbench mixed: " << cpu << ", " << native::to_string(o.client) << ", " << o.items << " items, each POSTed to " << server_label << " ("
            << o.delay_ms << " ms)\n";
  std::cout << format_mixed_table(mixed_table{o.cost, cpu, results});
  if (!mixed_book_figure_for(o.cost) || o.items != mixed_book_figure_for(o.cost)->items) {
    std::cout << "book figures exist for cost 8 at 600 items and costs 10-12 at 400\n";
  }
  for (const auto& r : results) {
    if (r.retries != 0) {
      std::cout << "retried " << to_string(r.mode) << ": " << r.retries << " of " << r.sent
                << " POSTs, on a new connection (the kept-alive one closed first)\n";
    }
    if (!r.succeeded()) std::cout << mixed_failure_line(r) << "\n";
  }
}
}  // namespace

int mixed_command(const mixed_options& o) {
  mixed_config base = base_config(o);
  if (auto valid = validate(base); !valid) {
    std::cerr << "crawlbench mixed: " << valid.error().message << "\n";
    return 2;
  }
  auto usable = native::check_client_trust(o.client, o.trust, false);
  if (usable) usable = native::check_client_reaches(o.client, o.server, false);
  if (usable) usable = native::check_tls_trust(o.trust);
  if (!usable) {
    std::cerr << "crawlbench mixed: " << usable.error().message << "\n";
    return 2;
  }
  const auto cpu = make_cpu(o);
  if (!cpu) return 2;
  for (const auto& note : native::fit_to_open_file_limit(base)) std::cerr << "crawlbench mixed: " << note << "\n";
  native::target_starter servers;
  const auto target = start_target(servers, base.server, "crawlbench mixed");
  if (!target) return 1;
  base.server = *target;
  const interrupt_guard ctrl_c;  // after the server's fork: it starts a thread
  const auto results = run_modes(*cpu, base, o, ctrl_c.token());
  const std::string server = target->is_embedded() ? std::string("embedded") : target->base_url();
  if (o.json) std::cout << write_mixed_json(results, o.cost, server) << "\n";
  else print_table(o, cpu->name(), results, target->describe());
  if (interrupt_guard::interrupted()) {
    std::cerr << "crawlbench mixed: interrupted: " << results.size() << " of " << o.modes.size()
              << " modes started, the last one stopped\n";
    return 130;
  }
  const bool all_ok = std::all_of(results.begin(), results.end(), [](const mixed_result& r) { return r.succeeded(); });
  return all_ok ? 0 : 1;
}

}  // namespace crawlbench::cli
