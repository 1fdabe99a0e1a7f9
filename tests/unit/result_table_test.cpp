// The CLI's table and CSV: a row is never cut, however wide the largest accepted figures are.
#include <catch2/catch.hpp>

#include <algorithm>
#include <limits>
#include <sstream>
#include <string>

#include "crawlbench/limits.hpp"
#include "crawlbench/result_table.hpp"

using namespace crawlbench;

namespace {
// Every figure at the largest a run (or a result file the reader accepts) can hold.
table_row largest_row() {
  strategy_result r;
  r.strategy = "serial";
  r.transport = "sim";
  r.num = num_range.high;
  r.delay_ms = static_cast<std::int64_t>(delay_ms_range.high);
  r.concurrency = concurrency_range.high;
  r.rate_rps = max_rate_rps;
  r.ok = r.num;
  r.errors = r.num;
  r.result_bytes = std::numeric_limits<std::size_t>::max();
  r.seconds = max_clock_seconds;
  r.lower_bound_s = max_clock_seconds;
  r.efficiency = 1e15;
  r.throughput_rps = 1e15;
  r.latency = {max_clock_seconds * 1000, max_clock_seconds * 1000, max_clock_seconds * 1000, max_clock_seconds * 1000};
  r.max_in_flight = r.num;
  r.in_flight_cv = 1e15;
  return {r, 1e15};
}
}  // namespace

TEST_CASE("result table: a row of the largest accepted values is whole, to its last column") {
  const std::string table = format_table({largest_row(), largest_row()});
  std::istringstream lines(table);
  std::string line;
  int rows = 0;
  while (std::getline(lines, line)) {
    ++rows;
    if (rows == 1) continue;  // the header
    INFO(line);
    CHECK(line.rfind("serial ", 0) == 0);
    CHECK(line.find("10000000") != std::string::npos);
    CHECK(line.find(std::to_string(std::numeric_limits<std::size_t>::max())) != std::string::npos);  // the bytes column
    CHECK(line.substr(line.size() - 3) == "  -");  // the book column ends the row
  }
  CHECK(rows == 3);
  CHECK(table.back() == '\n');
}

TEST_CASE("result table: a row wider than any buffer is still whole") {
  auto row = largest_row();
  row.result.lower_bound_s = 2e300;  // issue 16's figures, from an overflowed schedule: 300 digits each
  row.result.efficiency = 1.3e302;
  const std::string table = format_table({row});
  const auto line = table.substr(table.find('\n') + 1);
  CHECK(line.size() > 512);  // past the 512-byte buffer that used to cut it
  CHECK(line.substr(line.size() - 4) == "  -\n");
}

TEST_CASE("result table: CSV rows of the largest accepted values keep all their fields") {
  const std::string csv = format_csv({largest_row()});
  const auto second_line = csv.substr(csv.find('\n') + 1);
  CHECK(std::count(second_line.begin(), second_line.end(), ',') == 19);
  CHECK(second_line.back() == '\n');
  CHECK(second_line.find("nan") == std::string::npos);
  CHECK(second_line.find("inf") == std::string::npos);
  CHECK(second_line.find('-') == std::string::npos);  // no negative figure
}
