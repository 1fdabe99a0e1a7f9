#pragma once
// Strategy results as the CLI's human table and as CSV (one row per run), with the book's
// figures beside them. The GUI saves the same CSV.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
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
// A count the transport may not know (connections opened, TLS handshakes): "12", or "-" when
// unknown. The table, the report and the GUI all show it so.
[[nodiscard]] std::string count_cell(const std::optional<std::size_t>& count);

[[nodiscard]] std::string format_table(const std::vector<table_row>& rows);
[[nodiscard]] std::string format_csv(const std::vector<table_row>& rows);
// What a failure kind (to_string(outcome), "not_completed") is called in a front end's words: the
// page calls a transport_error "blocked (CORS, or unreachable)" (ui::crawl_runner::failure_words).
using failure_words = std::function<std::string(std::string_view kind)>;
// One line per failure kind per run, e.g. "aiohttp (C=100): 1000 of 1000 requests failed:
// http_error [1000 x status 400]"; each kind named by `words` when given, else by its name.
[[nodiscard]] std::vector<std::string> failure_lines(const std::vector<table_row>& rows, const failure_words& words = {});

}  // namespace crawlbench
