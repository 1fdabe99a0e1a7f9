#include "crawlbench/mixed_table.hpp"

#include <algorithm>

#include "crawlbench/book_figures.hpp"
#include "crawlbench/result_table.hpp"
#include "printf_string.hpp"

namespace crawlbench {

namespace {
using detail::printf_string;

// The text table's least widths, as `crawlbench mixed` has printed them: scripts (bench/mixed.sh)
// and tests read the columns by position.
constexpr std::array<std::size_t, mixed_columns.size()> least_widths = {8, 6, 9, 9, 11, 10, 13, 9, 6, 7};

mixed_row row_of(const mixed_table& table, const mixed_result& r) {
  const auto overhead = mixed_io_overhead_s(table.runs, r);
  const auto book = mixed_book_seconds(table.cost, r.items, r.delay_ms, r.mode);
  return {std::string(to_string(r.mode)),
          std::to_string(r.items),
          printf_string("%.3f", r.seconds),
          printf_string("%.3f", r.cpu_seconds),
          printf_string("%.3f", mixed_lower_bound_seconds(r)),
          efficiency_cell(mixed_efficiency(r)),
          overhead ? printf_string("%.0f ms", *overhead * 1000) : std::string("-"),
          book ? printf_string("%.3f", *book) : std::string("-"),
          std::to_string(r.ok),
          std::to_string(r.failed())};
}

mixed_row header_row() {
  mixed_row header;
  std::copy(mixed_columns.begin(), mixed_columns.end(), header.begin());
  return header;
}

std::string text_line(const mixed_row& cells, const std::array<std::size_t, mixed_columns.size()>& widths) {
  std::string line;
  for (std::size_t c = 0; c < cells.size(); ++c) {
    const std::string pad(widths[c] - cells[c].size(), ' ');
    line += c == 0 ? cells[c] + pad : " " + pad + cells[c];
  }
  return line + "\n";
}

std::string markdown_line(const mixed_row& cells) {
  std::string line = "|";
  for (const auto& cell : cells) line += " " + cell + " |";
  return line + "\n";
}
}  // namespace

std::optional<double> mixed_io_overhead_s(const std::vector<mixed_result>& runs, const mixed_result& run) {
  if (run.mode == mixed_mode::noio) return std::nullopt;
  // The last noio run: a run list may measure the floor before and after the other modes.
  const auto noio = std::find_if(runs.rbegin(), runs.rend(), [](const mixed_result& r) { return r.mode == mixed_mode::noio; });
  if (noio == runs.rend()) return std::nullopt;
  return run.seconds - noio->seconds;
}

std::vector<mixed_row> mixed_rows(const mixed_table& table) {
  std::vector<mixed_row> rows;
  rows.reserve(table.runs.size());
  for (const auto& r : table.runs) rows.push_back(row_of(table, r));
  return rows;
}

std::string format_mixed_table(const mixed_table& table) {
  auto rows = mixed_rows(table);
  rows.insert(rows.begin(), header_row());
  auto widths = least_widths;
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < widths.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
  }
  std::string out;
  for (const auto& row : rows) out += text_line(row, widths);
  return out;
}

std::string format_mixed_markdown(const mixed_table& table) {
  std::string out = markdown_line(header_row()) + "|";
  for (std::size_t c = 0; c < mixed_columns.size(); ++c) out += "---|";
  out += "\n";
  auto rows = mixed_rows(table);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = table.runs[i];
    auto& failed = rows[i].back();
    if (r.failed() != 0) failed = "**" + failed + "** " + mixed_failure_kinds(r);
    out += markdown_line(rows[i]);
  }
  return out;
}

std::string mixed_failure_kinds(const mixed_result& run) {
  std::string out;
  for (const auto& [kind, count] : run.errors) out += (out.empty() ? "" : ", ") + kind + " x " + std::to_string(count);
  if (run.stopped) out += (out.empty() ? "" : ", ") + std::string("stopped");
  return out;
}

std::string mixed_failure_line(const mixed_result& run) {
  return printf_string("FAILED %s: %zu of %zu POSTs: %s", std::string(to_string(run.mode)).c_str(), run.failed(),
                       run.sent, mixed_failure_kinds(run).c_str());
}

}  // namespace crawlbench
