// The CLI's table and CSV: efficiency, retries, and a row never cut however wide its figures.
#include <catch2/catch.hpp>

#include <algorithm>
#include <limits>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "crawlbench/limits.hpp"
#include "crawlbench/report.hpp"
#include "crawlbench/result_table.hpp"
#include "crawlbench/simulated_transport.hpp"
#include "support.hpp"

using namespace crawlbench;
using namespace std::chrono_literals;

namespace {
// `num` requests at 20 ms and concurrency `num` on the simulated server, with a timeout in ms (0: none).
strategy_result simulated(std::size_t num, std::int64_t timeout_ms) {
  test::virtual_world world;
  simulated_transport sim{world.sched, {}};
  crawl_config config;
  config.strategy = strategy_kind::aiohttp;
  config.num = num;
  config.delay_ms = 20;
  config.concurrency = num;
  config.timeout_ms = timeout_ms;
  config.server = simulated_target{};
  return summarize(world.run(run_crawl(world.sched, sim, config)));
}
}  // namespace

TEST_CASE("result table shows no efficiency for a run where nothing succeeded") {
  // all time out after 5 ms: the run takes a quarter of its lower bound, an "efficiency" of 400%
  const auto r = simulated(20, 5);
  REQUIRE(r.ok == 0);
  REQUIRE(r.errors == 20);
  CHECK(r.seconds < r.lower_bound_s);
  CHECK_FALSE(r.efficiency);
  const std::string table = format_table({{r, 0}});
  const auto row = table.substr(table.find('\n') + 1);
  CHECK(row.find("0.020      - ") != std::string::npos);  // bound, then "-" for the efficiency
  CHECK(row.find('%') == std::string::npos);
  const std::string csv = format_csv({{r, 0}});
  CHECK(csv.find(",0.020000,,") != std::string::npos);  // lower_bound_s, then an empty efficiency
  const auto json = nlohmann::json::parse(write_results_json({r}, false));
  CHECK(json["runs"][0]["efficiency"].is_null());
  const auto back = read_results_json(write_results_json({r}, false));
  REQUIRE(back.has_value());
  CHECK_FALSE(back.value()[0].efficiency);
}

TEST_CASE("result table efficiency_cell formats a fraction as a percentage, none as -") {
  CHECK(efficiency_cell(0.952) == "95.2%");
  CHECK(efficiency_cell(1.0) == "100.0%");
  CHECK(efficiency_cell(std::nullopt) == "-");
}

TEST_CASE("result table: a run with some successes keeps its efficiency") {
  const auto r = simulated(10, 0);
  REQUIRE(r.efficiency);
  CHECK(*r.efficiency == Approx(1.0));
  CHECK(format_table({{r, 0}}).find("100.0%") != std::string::npos);
}

TEST_CASE("result table: the mixed workload shows no efficiency when no POST was answered") {
  mixed_result r;
  r.mode = mixed_mode::async;
  r.items = 10;
  r.delay_ms = 100;
  r.concurrency = 10;
  r.seconds = 0.01;
  r.cpu_seconds = 0.005;
  r.sent = 10;
  r.ok = 0;
  CHECK_FALSE(mixed_efficiency(r));
  r.ok = 10;
  r.seconds = 0.21;
  REQUIRE(mixed_efficiency(r));
  CHECK(*mixed_efficiency(r) == Approx(0.105 / 0.21));
  mixed_result noio;
  noio.mode = mixed_mode::noio;
  noio.items = 10;
  noio.seconds = 0.5;
  noio.cpu_seconds = 0.5;
  REQUIRE(mixed_efficiency(noio));  // no I/O to answer: the hashing alone
  CHECK(*mixed_efficiency(noio) == Approx(1.0));
}

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

// The CSV field of `line` in the column `header` names `name`.
std::string csv_field(const std::string& header, const std::string& line, const std::string& name) {
  const auto column = std::count(header.begin(), header.begin() + static_cast<std::ptrdiff_t>(header.find(name)), ',');
  std::size_t start = 0;
  for (auto i = 0; i < column; ++i) start = line.find(',', start) + 1;
  return line.substr(start, line.find_first_of(",\n", start) - start);
}

TEST_CASE("result CSV has every run's retries and connection figures") {
  auto pooled = row("aiohttp", 7);
  pooled.result.connections_opened = 4;
  pooled.result.tls_handshakes = 4;
  pooled.result.connection_setup_s = 0.0125;
  const auto csv = format_csv({pooled, row("tornado", 0)});
  const auto header = csv.substr(0, csv.find('\n'));
  CHECK(header.substr(header.rfind(',') + 1) == "connection_setup_s");
  const auto first = csv.substr(header.size() + 1, csv.find('\n', header.size() + 1) - header.size() - 1);
  const auto second = csv.substr(csv.find("\ntornado,") + 1);
  CHECK(first.rfind("aiohttp,", 0) == 0);
  CHECK(csv_field(header, first, "retries") == "7");
  CHECK(csv_field(header, second, "retries") == "0");
  CHECK(csv_field(header, first, "connections_opened") == "4");
  CHECK(csv_field(header, first, "tls_handshakes") == "4");
  CHECK(csv_field(header, first, "connection_setup_s") == "0.012500");
  // a transport that cannot tell: empty fields, not zeros
  CHECK(csv_field(header, second, "connections_opened").empty());
  CHECK(csv_field(header, second, "connection_setup_s").empty());
}

TEST_CASE("result table shows connections opened, or - when the transport cannot tell") {
  auto pooled = row("aiohttp", 0);
  pooled.result.connections_opened = 4;
  const auto table = format_table({pooled, row("tornado", 0)});
  const auto header = table.substr(0, table.find('\n'));
  CHECK(cell(header, table.substr(table.find("aiohttp")), "conns") == "4");
  CHECK(cell(header, table.substr(table.find("tornado")), "conns") == "-");
}

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
  r.connections_opened = r.num;
  r.tls_handshakes = r.num;
  r.connection_setup_s = 1e15;  // the reader's largest figure
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
  const auto header = csv.substr(0, csv.find('\n'));
  const auto second_line = csv.substr(csv.find('\n') + 1);
  CHECK(std::count(header.begin(), header.end(), ',') == 23);  // 24 columns, connection_setup_s the last
  CHECK(std::count(second_line.begin(), second_line.end(), ',') == 23);
  CHECK(second_line.back() == '\n');
  CHECK(second_line.find("nan") == std::string::npos);
  CHECK(second_line.find("inf") == std::string::npos);
  CHECK(second_line.find('-') == std::string::npos);  // no negative figure
}
