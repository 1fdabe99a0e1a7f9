#pragma once
// The CLI's human table and CSV of strategy results, with the book's figures beside them.
#include <string>
#include <vector>

#include "crawlbench/result.hpp"

namespace crawlbench::cli {

struct table_row {
  strategy_result result;
  double client_cpu_us_per_request = 0;  // user + system CPU of this process over the run
};

[[nodiscard]] std::string format_table(const std::vector<table_row>& rows);
[[nodiscard]] std::string format_csv(const std::vector<table_row>& rows);
// One line per failure kind per run, e.g. "aiohttp: 1000 http_error (status 400)".
[[nodiscard]] std::vector<std::string> failure_lines(const std::vector<table_row>& rows);

}  // namespace crawlbench::cli
