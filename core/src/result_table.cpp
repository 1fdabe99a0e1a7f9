#include "crawlbench/result_table.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

#include "crawlbench/book_figures.hpp"
#include "printf_string.hpp"

namespace crawlbench {

namespace {
using detail::printf_string;

// The book's figure where the run matches the book's experiment, else "-".
std::string book_cell(const strategy_result& r) {
  const auto figure = book_figure_for(r.strategy);
  if (!figure || r.delay_ms != 100) return "-";
  if (r.strategy == "serial") {
    return printf_string("%.3f s/req (book), %.3f (re-run)", figure->book_seconds / 1000, figure->rerun_seconds / 1000);
  }
  if (r.num != 1000 || r.concurrency != 100) return "-";
  return printf_string("%.3f s (book), %.2f (re-run)", figure->book_seconds, figure->rerun_seconds);
}

// The table has a retried column (requests sent again on a new connection) only then.
bool any_retried(const std::vector<table_row>& rows) {
  return std::any_of(rows.begin(), rows.end(), [](const table_row& row) { return row.result.retries != 0; });
}

// "~0.123" when the bound's floor is the run's fastest request (lower_bound_estimated).
std::string bound_cell(const strategy_result& r) {
  return printf_string(r.lower_bound_estimated ? "~%.3f" : "%.3f", r.lower_bound_s);
}

std::string seconds_cell(const strategy_result& r) {
  if (r.strategy == "serial" && r.num > 0) {
    return printf_string("%.3f (%.3f/req)", r.seconds, r.seconds / static_cast<double>(r.num));
  }
  return printf_string("%.3f", r.seconds);
}
}  // namespace

std::string count_cell(const std::optional<std::size_t>& count) {
  return count ? std::to_string(*count) : std::string("-");
}

std::string efficiency_cell(std::optional<double> efficiency) {
  return efficiency ? printf_string("%.1f%%", *efficiency * 100) : std::string("-");
}

std::string format_table(const std::vector<table_row>& rows) {
  const bool retried = any_retried(rows);
  std::string out = printf_string("%-8s %7s %6s %20s %7s %6s %8s %7s %8s %8s %7s %5s %7s %9s  %s\n", "strategy", "N", "C",
                                  "seconds", "bound", "effic", "bytes", "errors", "p50 ms", "p99 ms", "in-fl", "cv",
                                  "conns", "cpu us/rq", (std::string(retried ? "retried  " : "") + "book, 1000 x 100 ms at C=100").c_str());
  for (const auto& row : rows) {
    const auto& r = row.result;
    // 0 is unknown (a simulated or merged run): "-", as for other unknown counts.
    const std::string cpu = row.client_cpu_us_per_request > 0 ? printf_string("%.1f", row.client_cpu_us_per_request) : "-";
    out += printf_string("%-8s %7zu %6zu %20s %7s %6s %8zu %6zu%s %8.1f %8.1f %7zu %5.2f %7s %9s  %s\n",
                         r.strategy.c_str(), r.num, r.concurrency, seconds_cell(r).c_str(), bound_cell(r).c_str(),
                         efficiency_cell(r.efficiency).c_str(), r.result_bytes, r.errors, r.errors != 0 ? "!" : " ", r.latency.p50, r.latency.p99, r.max_in_flight,
                         r.in_flight_cv, count_cell(r.connections_opened).c_str(), cpu.c_str(), ((retried ? printf_string("%7zu  ", r.retries) : "") + book_cell(r)).c_str());
  }
  if (std::any_of(rows.begin(), rows.end(), [](const table_row& row) { return row.result.lower_bound_estimated; })) {
    out += "~ estimated bound: the floor per request is the run's fastest request (not every URL is a delay server's /add)\n";
  }
  return out;
}

std::string format_csv(const std::vector<table_row>& rows) {
  std::string out =
      "strategy,transport,num,delay_ms,concurrency,rate_rps,ok,errors,result_bytes,seconds,lower_bound_s,"
      "lower_bound_estimated,efficiency,throughput_rps,p50_ms,p90_ms,p99_ms,max_ms,max_in_flight,in_flight_cv,"
      "client_cpu_us_per_request,retries,connections_opened,tls_handshakes,connection_setup_s\n";
  for (const auto& row : rows) {
    const auto& r = row.result;
    const std::string setup = r.connection_setup_s ? printf_string("%.6f", *r.connection_setup_s) : "";
    const auto csv_count = [](const std::optional<std::size_t>& n) { return n ? std::to_string(*n) : std::string(); };
    out += printf_string("%s,%s,%zu,%lld,%zu,%.3f,%zu,%zu,%zu,%.6f,%.6f,%d,%s,%.2f,%.3f,%.3f,%.3f,%.3f,%zu,%.4f,%.2f,%zu,%s,%s,%s\n",
                         r.strategy.c_str(), r.transport.c_str(), r.num, static_cast<long long>(r.delay_ms),
                         r.concurrency, r.rate_rps, r.ok, r.errors, r.result_bytes, r.seconds, r.lower_bound_s,
                         r.lower_bound_estimated ? 1 : 0, r.efficiency ? printf_string("%.4f", *r.efficiency).c_str() : "", r.throughput_rps, r.latency.p50,
                         r.latency.p90, r.latency.p99, r.latency.max, r.max_in_flight, r.in_flight_cv,
                         row.client_cpu_us_per_request, r.retries, csv_count(r.connections_opened).c_str(),
                         csv_count(r.tls_handshakes).c_str(), setup.c_str());
  }
  return out;
}

std::vector<std::string> failure_lines(const std::vector<table_row>& rows, const failure_words& words) {
  std::vector<std::string> lines;
  for (const auto& row : rows) {
    const auto& r = row.result;
    for (const auto& [kind, count] : r.error_kinds) {
      std::string line = printf_string("%s (C=%zu): %zu of %zu requests failed: %s", r.strategy.c_str(),
                                       r.concurrency, count, r.num, (words ? words(kind) : kind).c_str());
      if (kind == "http_error") {
        std::map<int, std::size_t> statuses;
        for (const auto& s : r.spans) {
          if (s.recorded && s.result == outcome::http_error) ++statuses[s.status];
        }
        for (const auto& [status, n] : statuses) line += printf_string(" [%zu x status %d]", n, status);
      }
      lines.push_back(std::move(line));
    }
  }
  return lines;
}

}  // namespace crawlbench
