#pragma once
// Strategy results as the CLI's human table and as CSV (one row per run), with the book's
// figures beside them. The GUI saves the same CSV.
#include <optional>
#include <string>
#include <vector>

#include "crawlbench/result.hpp"

namespace crawlbench {

struct table_row {
  strategy_result result;
  double client_cpu_us_per_request = 0;  // user + system CPU of the crawl's thread over the run (0: unknown)
};

// An efficiency (a fraction: 0.952) as a percentage, "95.2%"; "-" when there is none (nothing
// succeeded). The table, the report and the GUI all show it so.
[[nodiscard]] std::string efficiency_cell(std::optional<double> efficiency);

[[nodiscard]] std::string format_table(const std::vector<table_row>& rows);
[[nodiscard]] std::string format_csv(const std::vector<table_row>& rows);
// One line per failure kind per run, e.g. "aiohttp: 1000 http_error (status 400)".
[[nodiscard]] std::vector<std::string> failure_lines(const std::vector<table_row>& rows);

}  // namespace crawlbench
