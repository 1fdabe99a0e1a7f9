#include "run_command.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <cstdio>
#include <iostream>
#include <optional>
#include <stdexcept>

#include "crawlbench/atomic_file.hpp"
#include "crawlbench/result.hpp"
#include "crawlbench/result_document.hpp"
#include "crawlbench/result_table.hpp"
#include "crawlbench/share_link.hpp"
#include "crawlbench/simulated_run.hpp"
#include "native_runs.hpp"
#include "interrupt.hpp"
#include "open_file_limit.hpp"
#include "plan_digest.hpp"
#include "start_at.hpp"
#include "thread_cpu.hpp"

namespace crawlbench::cli {

namespace {
// Success, or an error saying why the first run of the plan that cannot be carried out cannot.
expected<void> first_problem(const std::vector<crawl_config>& runs) {
  for (const auto& config : runs) {
    if (auto valid = validate(config); !valid) return valid;  // a simulated server's knobs too
  }
  return {};
}

// "1,000 x 100 ms" for a delay server; "12 URLs" for a list, whose requests take what they take.
std::string workload(std::size_t num, std::int64_t delay_ms, bool listed) {
  return std::to_string(num) + (listed ? (num == 1 ? " URL" : " URLs") : " x " + std::to_string(delay_ms) + " ms");
}

// Waits until `begin` (Unix seconds; 0: at once), saying so on stderr for the first run (--start-at)
// and when a later run begins after its slot. False when Ctrl-C ended the wait.
bool wait_for_turn(const crawl_config& config, double begin, bool first, const stop_token& stop) {
  if (begin <= 0) return true;
  const double left = begin - unix_now();
  std::cerr << std::fixed << std::setprecision(3);
  if (first) {
    std::cerr << "crawlbench run: " << (left > 0 ? "waiting " : "--start-at was ") << std::abs(left)
              << (left > 0 ? " s to begin (--start-at)\n" : " s ago: starting now\n");
  } else if (left < -0.01) {
    std::cerr << "crawlbench run: " << to_string(config.strategy) << " begins " << -left
              << " s after its slot (the run before outlasted it): merge shows it as spread\n";
  }
  std::cerr << std::defaultfloat;
  return wait_until_unix(begin, stop);
}

// Each run in turn on this thread until Ctrl-C, each at its begin time (run_begins), with the
// thread's CPU per request; progress on stderr when it is a terminal.
std::vector<table_row> crawl_each(const std::vector<crawl_config>& runs, const std::vector<double>& begins,
                                  native::native_client client, const stop_token& stop, const native::tls_trust& trust) {
  const bool progress = ::isatty(STDERR_FILENO) != 0;
  std::vector<table_row> rows;
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const crawl_config& config = runs[r];
    if (!wait_for_turn(config, begins[r], r == 0, stop) || stop.stop_requested()) break;  // the later runs are not run
    if (progress) {
      std::cerr << "\r\x1b[K" << to_string(config.strategy) << ": " << workload(config.num, config.delay_ms, config.server.is_url_list()) << " at C="
                << config.effective_concurrency() << " ..." << std::flush;
    }
    const native::thread_cpu_meter cpu;
    const bool simulated = config.server.is_simulated();
    crawl_run run = simulated ? run_simulated(config, nullptr, stop) : crawl_natively(config, client, stop, trust);
    const double cpu_us = cpu.us_per_request(config.num);  // the crawl's, not the summary's
    rows.push_back({summarize(std::move(run)), cpu_us});
    rows.back().result.insecure = trust.insecure && !simulated;
  }
  if (progress) std::cerr << "\r\x1b[K" << std::flush;
  return rows;
}

// The table for a reader: what ran where, serial's shorter run said, the rows.
void print_table(const run_options& o, const std::vector<table_row>& rows, const std::string& server_label) {
  const bool simulated = o.transport == "sim";
  const bool listed = o.server.is_url_list();
  std::cout << "crawlbench run: transport " << o.transport << (simulated ? " (simulated delay server, virtual time)" : "")
            << ", server " << server_label << ", " << workload(o.plan.num, o.plan.delay_ms, listed)
            << (o.trust.insecure ? ", " + std::string(insecure_tls_note) : std::string()) << "\n";
  const bool serial_chosen = !listed &&
      std::find(o.plan.strategies.begin(), o.plan.strategies.end(), strategy_kind::serial) != o.plan.strategies.end();
  if (serial_chosen && o.plan.serial_num != 0 && o.plan.serial_num < o.plan.num) {
    std::cout << "serial ran " << o.plan.serial_num << " of the " << o.plan.num
              << " requests: it takes N x delay (--serial-num 0 runs all)\n";
  }
  if (o.segment) {
    std::cout << "segment " << o.segment->index << "/" << o.segment->count << ": this process's share of each run, requests "
              << o.segment->index << ", " << o.segment->whole_request(1) << ", " << o.segment->whole_request(2)
              << ", ... (crawlbench merge puts the " << o.segment->count << " segments together)\n";
  }
  std::cout << format_table(rows);
}

// What --json and --out write: the runs, the plan that made them, its digest and the segment.
result_document document_of(const run_options& o, const std::vector<table_row>& rows) {
  result_document doc;
  doc.plan = o.plan;
  doc.server = o.server;
  doc.plan_digest = plan_digest(o.plan, o.server, "transport " + o.transport + (o.tls ? " tls" : ""));
  doc.segment = o.segment;
  doc.interrupted = interrupt_guard::interrupted();
  for (const auto& row : rows) doc.runs.push_back(row.result);
  return doc;
}

// --json, --csv or the table on stdout, then --share's link.
void print_results(const run_options& o, const result_document& doc, const std::vector<table_row>& rows,
                   const std::string& server_label) {
  if (o.json) std::cout << write_result_document(doc, false, 2) << "\n";
  else if (o.csv) std::cout << format_csv(rows);
  else print_table(o, rows, server_label);
  if (o.share) {
    shared_results shared{o.plan, o.server, doc.runs};
    // The table on stdout stays parseable in --json and --csv mode: the link goes to stderr there.
    (o.json || o.csv ? std::cerr : std::cout) << "share link: " << share_url(o.share_base, shared) << "\n";
  }
}

// Writes --out, says what failed on stderr, and gives run_command's exit status.
int finish(const run_options& o, const result_document& doc, const std::vector<table_row>& rows, std::size_t planned) {
  int status = 0;
  if (!o.out.empty()) {
    if (auto written = write_file_atomically(o.out, write_result_document(doc, true) + "\n"); !written) {
      std::cerr << "crawlbench run: " << written.error().message << "\n";
      status = 1;
    }
  }
  const auto failures = failure_lines(rows);
  for (const auto& line : failures) std::cerr << "FAILED " << line << "\n";
  if (!failures.empty()) status = 1;
  if (interrupt_guard::interrupted()) {
    std::cerr << "crawlbench run: interrupted: " << rows.size() << " of " << planned << " runs started, the last one cancelled\n";
    status = 130;
  }
  return status;
}

// Success, or why the TLS options cannot be used: an unreadable --cacert, or any with the simulator
// or the asio client (neither speaks TLS); or an https target for the asio client.
expected<void> check_tls_options(const run_options& o) {
  if (o.transport == "sim" && (o.tls || o.trust.insecure || !o.trust.ca_file.empty())) {
    return unexpected_error("--tls, --cacert and --insecure are for real HTTPS (--transport curl), not --transport sim");
  }
  if (auto client = native::parse_native_client(o.transport)) {
    if (auto trusted = native::check_client_trust(*client, o.trust, o.tls); !trusted) return trusted;
    if (auto reaches = native::check_client_reaches(*client, o.server, o.tls); !reaches) return reaches;
  }
  return native::check_tls_trust(o.trust);
}
// The runs this process does: the plan's, or its segment's shares (segment_runs).
expected<std::vector<crawl_config>> runs_of(const run_options& o) {
  if (!o.segment) return plan_runs(o.plan, o.server);
  return segment_runs(o.plan, o.server, *o.segment);
}

// Lowers what does not fit the open-file limit, saying so; a segment's share must run whole (the
// merge puts the plan back together), so there it is an error: split over more segments.
expected<void> fit_runs(const run_options& o, std::vector<crawl_config>& runs) {
  if (o.transport == "sim") return {};
  const auto notes = native::fit_to_open_file_limit(runs);
  if (o.segment && !notes.empty()) {
    return unexpected_error(notes.front() + "; a segment runs its whole share: split the plan over more segments");
  }
  for (const auto& note : notes) std::cerr << "crawlbench run: " << note << "\n";
  return {};
}

// When each of this process's runs begins, Unix seconds (0: at once, after the run before): a
// segment's on the plan's schedule (segment_run_offsets) from --start-at, or from now, so each run
// begins together in every segment; otherwise (and in virtual time, where every run starts at 0)
// the first at --start-at.
std::vector<double> run_begins(const run_options& o, std::size_t runs) {
  std::vector<double> begins(runs, 0);
  const double start = o.start_at_s.value_or(0);
  if (o.segment && !o.segment->whole() && o.transport != "sim") {
    const double from = start > 0 ? start : unix_now();
    const auto offsets = segment_run_offsets(o.plan, o.server, *o.segment);
    for (std::size_t r = 0; r < runs && r < offsets.size(); ++r) begins[r] = from + offsets[r];
  } else if (runs != 0) {
    begins[0] = start;
  }
  return begins;
}

// Every check before anything starts: exit 2 and the reason, or the runs.
expected<std::vector<crawl_config>> checked_runs(const run_options& o) {
  if (auto valid = check_tls_options(o); !valid) return unexpected(std::move(valid).error());
  if (o.start_at_s) {
    if (auto ahead = check_start_ahead(*o.start_at_s, unix_now()); !ahead) return unexpected(std::move(ahead).error());
  }
  if (o.segment && o.out.empty()) {
    return unexpected_error("--segment: give --out FILE: crawlbench merge needs the segment's file, with every request's span");
  }
  if (!o.out.empty()) {
    if (auto writable = check_writable(o.out); !writable) return unexpected_error("--out: " + writable.error().message);
  }
  auto runs = runs_of(o);
  if (!runs) return runs;
  if (auto valid = first_problem(*runs); !valid) return unexpected(std::move(valid).error());
  if (auto fits = fit_runs(o, *runs); !fits) return unexpected(std::move(fits).error());
  return runs;
}
}  // namespace

int run_command(const run_options& o) {
  auto runs = checked_runs(o);
  if (!runs) {
    std::cerr << "crawlbench run: " << runs.error().message << "\n";
    return 2;
  }
  // An embedded target gets its own delay server, in a child process.
  native::target_starter servers{o.tls ? native::embedded_scheme::https : native::embedded_scheme::http};
  const auto target = start_target(servers, o.server, "crawlbench run");
  if (!target) return 1;
  for (auto& config : *runs) config.server = *target;
  native::tls_trust trust = o.trust;
  if (o.tls) trust.ca_file = servers.ca_file();
  const interrupt_guard ctrl_c;
  const auto client = native::parse_native_client(o.transport).value_or(native::native_client::curl);
  const auto rows = crawl_each(*runs, run_begins(o, runs->size()), client, ctrl_c.token(), trust);
  if (rows.empty() && interrupt_guard::interrupted()) {
    std::cerr << "crawlbench run: interrupted while waiting to begin: nothing was sent\n";
    return 130;
  }
  const result_document doc = document_of(o, rows);  // once, for --json, --share and --out
  print_results(o, doc, rows, target->describe());
  return finish(o, doc, rows, runs->size());
}

}  // namespace crawlbench::cli
