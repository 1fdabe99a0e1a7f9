#include <catch2/catch.hpp>

#include "crawlbench/result_table.hpp"

using namespace crawlbench;

namespace {
table_row row(const std::string& strategy, std::size_t retries) {
  table_row r;
  r.result.strategy = strategy;
  r.result.transport = "curl";
  r.result.num = 60;
  r.result.ok = 60;
  r.result.concurrency = 4;
  r.result.retries = retries;
  return r;
}

// The cell of `line` under `header`'s column named `name` (they are right-aligned to its end).
std::string cell(const std::string& header, const std::string& line, const std::string& name) {
  const auto end = header.find(name) + name.size();
  const auto start = line.find_last_of(' ', end - 1) + 1;
  return line.substr(start, end - start);
}
}  // namespace

TEST_CASE("result table has a retried column only when some run retried a request") {
  const auto without = format_table({row("aiohttp", 0), row("tornado", 0)});
  CHECK(without.find("retried") == std::string::npos);

  const auto with = format_table({row("aiohttp", 7), row("tornado", 0)});
  const auto header = with.substr(0, with.find('\n'));
  const auto first = with.substr(header.size() + 1, with.find('\n', header.size() + 1) - header.size() - 1);
  const auto second = with.substr(with.find("tornado"));
  REQUIRE(header.find("retried") != std::string::npos);
  CHECK(cell(header, first, "retried") == "7");
  CHECK(cell(header, second, "retried") == "0");
}

TEST_CASE("result CSV ends every row with the run's retries") {
  const auto csv = format_csv({row("aiohttp", 7), row("tornado", 0)});
  const auto header = csv.substr(0, csv.find('\n'));
  CHECK(header.substr(header.rfind(',') + 1) == "retries");
  const auto first = csv.substr(header.size() + 1, csv.find('\n', header.size() + 1) - header.size() - 1);
  CHECK(first.rfind("aiohttp,", 0) == 0);
  CHECK(first.substr(first.rfind(',') + 1) == "7");
  CHECK(csv.find("\ntornado,") != std::string::npos);
  CHECK(csv.substr(csv.rfind(',', csv.size() - 2) + 1) == "0\n");
}
