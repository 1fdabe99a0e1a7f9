#pragma once
// Results of the CPU + I/O workload as a table, formatted once for every place that shows them:
// `crawlbench mixed` and `crawlbench gui --mixed` (text), the GUI's panel (ImGui) and report.md
// (Markdown) have the same columns and the same cells.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crawlbench/mixed.hpp"

namespace crawlbench {

// One CPU + I/O table: a bcrypt cost (the book's figures are looked up by it), its modes.
struct mixed_table {
  int cost = 8;
  std::string cpu;  // "bcrypt cost 8"
  std::vector<mixed_result> runs;
};

// The columns, in order. seconds, CPU s (the hashes, as timed), lower bound
// (mixed_lower_bound_seconds) and book (book_figures.hpp) in seconds, "%.3f"; efficiency as
// efficiency_cell (result_table.hpp); I/O overhead (mixed_io_overhead_s) in whole ms, "61000 ms";
// ok and failed: POSTs. "-" where a cell has no value.
inline constexpr std::array<std::string_view, 10> mixed_columns = {
    "mode", "items", "seconds", "CPU s", "lower bound", "efficiency", "I/O overhead", "book", "ok", "failed"};
using mixed_row = std::array<std::string, mixed_columns.size()>;

// The I/O overhead of `run`, in s: its seconds minus those of the last noio run among `runs`; none
// for noio itself, or when `runs` has no noio run.
[[nodiscard]] std::optional<double> mixed_io_overhead_s(const std::vector<mixed_result>& runs, const mixed_result& run);

// One row of cells per run, in the runs' order.
[[nodiscard]] std::vector<mixed_row> mixed_rows(const mixed_table& table);
// The header and a line per run, each column padded to its widest cell (mode left-aligned, the
// figures right-aligned), "\n" after each line.
[[nodiscard]] std::string format_mixed_table(const mixed_table& table);
// The same as a Markdown table; a failed cell that is not 0 is bold, followed by its kinds.
[[nodiscard]] std::string format_mixed_markdown(const mixed_table& table);

// "connection refused x 3, timeout x 1" (the kinds in mixed_result::errors), then "stopped" when
// the run was; empty when neither.
[[nodiscard]] std::string mixed_failure_kinds(const mixed_result& run);
// "FAILED serial: 3 of 3 POSTs: connection refused x 3", for a run that did not succeed.
[[nodiscard]] std::string mixed_failure_line(const mixed_result& run);

}  // namespace crawlbench
