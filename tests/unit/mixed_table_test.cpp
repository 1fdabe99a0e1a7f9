// The CPU + I/O results table: one set of cells for the CLI's and the GUI's text, the GUI's
// ImGui table and report.md.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "crawlbench/mixed_table.hpp"
#include "support.hpp"

using namespace crawlbench;

namespace {
// The book's sizes (cost 8, 600 items, 100 ms): noio, serial and a threaded run with 3 failures.
mixed_table book_sized() {
  auto failing = test::book_mixed(mixed_mode::threaded, 9.6, 597);
  failing.errors = {{"status 500", 2}, {"timeout", 1}};
  return mixed_table{8, "bcrypt cost 8", {test::book_mixed(mixed_mode::noio, 9.5), test::book_mixed(mixed_mode::serial, 70.5), failing}};
}

std::vector<std::string> words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::vector<std::string> lines(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}
}  // namespace

TEST_CASE("mixed table cells: figures, the book's where it has one, - where there is none") {
  const auto rows = mixed_rows(book_sized());
  REQUIRE(rows.size() == 3);
  CHECK(rows[0] == mixed_row{"noio", "600", "9.500", "9.300", "9.300", "97.9%", "-", "9.370", "0", "0"});
  CHECK(rows[1] == mixed_row{"serial", "600", "70.500", "9.300", "69.300", "98.3%", "61000 ms", "71.030", "600", "0"});
  CHECK(rows[2] == mixed_row{"threaded", "600", "9.600", "9.300", "9.400", "97.9%", "100 ms", "-", "597", "3"});
}

TEST_CASE("mixed table I/O overhead is against the last noio run, none for noio or without one") {
  auto table = book_sized();
  CHECK_FALSE(mixed_io_overhead_s(table.runs, table.runs[0]));
  CHECK(*mixed_io_overhead_s(table.runs, table.runs[1]) == Approx(61.0));
  table.runs.push_back(test::book_mixed(mixed_mode::noio, 10.5));  // the floor measured again, after
  CHECK(*mixed_io_overhead_s(table.runs, table.runs[1]) == Approx(60.0));
  const std::vector<mixed_result> without_noio = {table.runs[1]};
  CHECK_FALSE(mixed_io_overhead_s(without_noio, without_noio[0]));
}

TEST_CASE("mixed table text: a header and a line per run with the cells in order, mode first") {
  const auto table = book_sized();
  const auto text = lines(format_mixed_table(table));
  REQUIRE(text.size() == 4);
  CHECK(text[0].rfind("mode    ", 0) == 0);
  CHECK(text[1].rfind("noio        600", 0) == 0);  // as gui_test and bench/mixed.sh read it
  const auto rows = mixed_rows(table);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    std::string joined;
    for (const auto& cell : rows[i]) joined += (joined.empty() ? "" : " ") + cell;
    CHECK(words(text[i + 1]) == words(joined));
  }
  // Every line ends at the same column: the figures are right-aligned under their headers.
  for (const auto& line : text) CHECK(line.size() == text[0].size());
}

TEST_CASE("mixed table text: a cell wider than its column widens the column for every line") {
  auto table = book_sized();
  table.runs[1].seconds = 123'456'789.5;
  const auto text = lines(format_mixed_table(table));
  REQUIRE(text.size() == 4);
  CHECK(text[2].find(" 123456789.500 ") != std::string::npos);
  for (const auto& line : text) CHECK(line.size() == text[0].size());
}

TEST_CASE("mixed table Markdown: the same cells, a failed count bold with its kinds") {
  const auto table = book_sized();
  const auto md = lines(format_mixed_markdown(table));
  REQUIRE(md.size() == 5);
  CHECK(md[0] == "| mode | items | seconds | CPU s | lower bound | efficiency | I/O overhead | book | ok | failed |");
  CHECK(md[1] == "|---|---|---|---|---|---|---|---|---|---|");
  CHECK(md[3] == "| serial | 600 | 70.500 | 9.300 | 69.300 | 98.3% | 61000 ms | 71.030 | 600 | 0 |");
  CHECK(md[4] == "| threaded | 600 | 9.600 | 9.300 | 9.400 | 97.9% | 100 ms | - | 597 | **3** status 500 x 2, timeout x 1 |");
}

TEST_CASE("mixed table failure line names each kind and a stop, as the CLI and the panel print it") {
  auto r = book_sized().runs[2];
  CHECK(mixed_failure_line(r) == "FAILED threaded: 3 of 600 POSTs: status 500 x 2, timeout x 1");
  r.stopped = true;
  CHECK(mixed_failure_kinds(r) == "status 500 x 2, timeout x 1, stopped");
  r.errors.clear();
  r.ok = r.sent;
  CHECK(mixed_failure_line(r) == "FAILED threaded: 0 of 600 POSTs: stopped");
}
