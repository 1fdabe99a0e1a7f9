#include "crawlbench/report.hpp"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <sstream>

#include "crawlbench/simulated_transport.hpp"
#include "support.hpp"

using namespace crawlbench;
using namespace std::chrono_literals;

namespace {
strategy_result simulated(crawl_config config) {
  test::virtual_world world;
  simulated_transport sim{world.sched, simulation_options{}};
  config.server = simulated_target{};
  auto result = summarize(world.run(run_crawl(world.sched, sim, config)));
  result.transport = "sim";
  return result;
}

// The rows of the markdown table under `heading`: each row's cells, without the header and rule.
std::vector<std::vector<std::string>> table_rows(const std::string& md, const std::string& heading) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(md.substr(md.find(heading)));
  std::string line;
  bool in_table = false;
  int header_lines = 0;
  while (std::getline(in, line)) {
    if (line.rfind("|", 0) != 0) {
      if (in_table) break;
      continue;
    }
    in_table = true;
    if (header_lines++ < 2) continue;
    std::vector<std::string> cells;
    std::istringstream cells_in(line.substr(1));
    std::string cell;
    while (std::getline(cells_in, cell, '|')) cells.push_back(cell.substr(1, cell.size() - 2));
    rows.push_back(cells);
  }
  return rows;
}

chapter_report book_sized_report() {
  chapter_report report;
  report.command = "crawlbench report";
  report.machine = {{"CPU", "test"}};
  for (const auto s : all_strategies) {
    report.crawl.push_back(simulated(test::book(s, s == strategy_kind::serial ? 10 : 1000)));
  }
  for (const std::size_t c : {1, 26, 51}) report.sweep.push_back(simulated(test::book(strategy_kind::gevent, 500, 50, c)));
  mixed_table table{8, "bcrypt cost 8", {}};
  for (const auto mode : all_mixed_modes) table.runs.push_back(test::book_mixed(mode, mode == mixed_mode::serial ? 70.5 : 9.5));
  report.mixed.push_back(table);
  report.scale = simulated(test::book(strategy_kind::aiohttp, 100'000, 100, 10'000));
  auto mistake = test::book(strategy_kind::aiohttp);
  mistake.name = "asyncio";
  mistake.urls = url_form::os_path_join;
  report.mistake = simulated(mistake);
  return report;
}
}  // namespace

TEST_CASE("report: the book's URL mistake, replayed, is 1000 HTTP 400s and is flagged") {
  auto config = test::book(strategy_kind::aiohttp);
  config.urls = url_form::os_path_join;
  const auto replay = simulated(config);
  CHECK(replay.ok == 0);
  CHECK(replay.errors == 1000);
  CHECK(replay.result_bytes == 97'000);  // the book's "Result: 97000"
  CHECK(mistake_verdict(replay).find("Flagged: 1000 of 1000 requests failed (HTTP 400 x 1000)") == 0);

  const auto good = simulated(test::book(strategy_kind::aiohttp));
  CHECK(mistake_verdict(good).find("Not flagged") == 0);
}

TEST_CASE("report: every table row carries crawlbench's figure, with the book's where the book has one") {
  const auto md = report_markdown(book_sized_report());

  const auto crawl = table_rows(md, "## 1. The crawler: 1000 URLs, 100 ms each, concurrency 100");
  REQUIRE(crawl.size() == all_strategies.size());
  for (const auto& row : crawl) {
    INFO(row[0]);
    REQUIRE(row.size() == 12);
    CHECK(std::stod(row[3]) > 0);  // seconds
    CHECK(std::stod(row[4]) > 0);  // lower bound
    CHECK(row[5].back() == '%');   // efficiency
    CHECK(row[6] == "0");
    const bool in_book = row[0] == "serial" || row[0] == "gevent" || row[0] == "tornado" || row[0] == "aiohttp";
    CHECK((row[10] != "-") == in_book);
  }
  CHECK(crawl[0][10] == "0.103 s/req");
  CHECK(crawl[1][10] == "1.142 s");
  CHECK(md.find("serial ran 10 of the 1000 requests") != std::string::npos);

  const auto sweep = table_rows(md, "## 2. Concurrency sweep: gevent, 500 requests at 50 ms");
  REQUIRE(sweep.size() == 3);
  CHECK(sweep[0][0] == "1");
  CHECK(sweep[0][1] == "25.000");  // 500 x 50 ms, one at a time, in virtual time
  CHECK(sweep[0][6] == "25.66 s");
  CHECK(sweep[1][6] == "1.09 s");
  CHECK(sweep[2][6] == "-");

  const auto mixed = table_rows(md, "### bcrypt cost 8: 600 items, 100 ms per POST");
  REQUIRE(mixed.size() == all_mixed_modes.size());
  REQUIRE(mixed[0].size() == mixed_columns.size());
  CHECK(mixed[0][7] == "9.370");
  CHECK(mixed[0][4] == "9.300");     // noio: its hashing
  CHECK(mixed[1][4] == "69.300");    // serial: and 600 x 100 ms
  CHECK(mixed[1][5] == "98.3%");
  CHECK(mixed[1][6] == "61000 ms");  // serial's I/O overhead: 70.5 - 9.5 s
  CHECK(mixed[2][4] == "9.900");     // batched: 6 batches' delays
  CHECK(mixed[3][4] == "9.400");     // async: the last POST's
  CHECK(mixed[4][0] == "threaded");
  CHECK(mixed[4][7] == "-");  // not in the book

  const auto scale = table_rows(md, "## 4. Scale: 100000 URLs, 100 ms each, concurrency 10000");
  REQUIRE(scale.size() == 1);
  CHECK(scale[0][3] == "1.000");

  const auto mistake = table_rows(md, "## 5. The book's aiohttp URL mistake, replayed");
  REQUIRE(mistake.size() == 2);
  CHECK(mistake[0][3] == "0.24");
  CHECK(mistake[1][5] == "0");
  CHECK(mistake[1][6].find("**1000**") == 0);
  CHECK(md.find("**Flagged: 1000 of 1000 requests failed (HTTP 400 x 1000)") != std::string::npos);
}

TEST_CASE("report: a failed run's errors are in bold, and a missing image says why") {
  auto report = book_sized_report();
  report.crawl[1].errors = 3;
  report.crawl[1].error_kinds = {{"timeout", 3}};
  report.call_graphs.push_back({"call graph: serial", "images/callgraph-serial.png", ""});
  report.call_graphs.push_back({"call graph: gevent", "images/callgraph-gevent.png", "no display, and no xvfb-run to make one"});
  const auto md = report_markdown(report);
  CHECK(md.find("| **3** timeout x 3 |") != std::string::npos);
  CHECK(md.find("![call graph: serial](images/callgraph-serial.png)") != std::string::npos);
  CHECK(md.find("*(call graph: gevent: not drawn: no display, and no xvfb-run to make one)*") != std::string::npos);
}

TEST_CASE("report: results.json holds every experiment in the result formats") {
  const auto doc = nlohmann::json::parse(report_json(book_sized_report()));
  CHECK(doc["format"] == "crawlbench-report");
  CHECK(doc["version"] == report_format_version);
  CHECK(doc["crawl"]["runs"].size() == all_strategies.size());
  CHECK(doc["crawl"]["runs"][1]["spans"]["done_s"].size() == 1000);  // the crawl with every span
  CHECK_FALSE(doc["sweep"]["runs"][0].contains("spans"));
  CHECK(doc["sweep"]["runs"].size() == 3);
  CHECK(doc["mixed"][0]["cost"] == 8);
  CHECK(doc["mixed"][0]["runs"]["runs"].size() == all_mixed_modes.size());
  CHECK(doc["scale"]["runs"][0]["num"] == 100'000);
  CHECK(doc["mistake"]["runs"][0]["errors"] == 1000);
  CHECK(doc["mistake_verdict"].get<std::string>().find("Flagged") == 0);
}

TEST_CASE("report: the HTTPS section puts each book strategy over HTTPS beside its HTTP run, with connection costs") {
  auto report = book_sized_report();
  for (const auto s : {strategy_kind::serial, strategy_kind::gevent, strategy_kind::tornado, strategy_kind::aiohttp}) {
    test::virtual_world world;
    simulated_transport sim{world.sched, {.round_trip = 1ms, .tls_round_trips = 1}};
    auto config = test::book(s, s == strategy_kind::serial ? 10 : 1000);
    config.server = simulated_target{sim.options()};
    report.https.push_back(summarize(world.run(run_crawl(world.sched, sim, config))));
  }
  const auto md = report_markdown(report);
  const auto rows = table_rows(md, "## 6. Over HTTPS");
  REQUIRE(rows.size() == 8);  // HTTP then HTTPS, for each of the four
  CHECK(rows[2][0] == "gevent");
  CHECK(rows[2][1] == "HTTP");
  CHECK(rows[3][1] == "HTTPS");
  CHECK(rows[3][6] == "1000");  // gevent: a connection per request
  CHECK(rows[3][7] == "1000");  // each with a handshake
  CHECK(rows[7][0] == "aiohttp");
  CHECK(rows[7][6] == "100");   // aiohttp: one per slot
  CHECK(rows[7][8] == "0.100");  // 100 handshakes of 1 ms over 1000 requests
  CHECK(rows[6][6] == "100");    // aiohttp over HTTP: as many connections, no handshake
  CHECK(rows[6][7] == "0");
  const auto doc = nlohmann::json::parse(report_json(report));
  CHECK(doc["https"]["runs"].size() == 4);
  CHECK(doc["https"]["runs"][1]["tls_handshakes"] == 1000);
}

TEST_CASE("report: an HTTPS section that could not run says why") {
  auto report = book_sized_report();
  report.https_problem = "cannot start the embedded delay server over HTTPS: no OpenSSL";
  const auto md = report_markdown(report);
  CHECK(md.find("## 6. Over HTTPS") != std::string::npos);
  CHECK(md.find("*(not run: cannot start the embedded delay server over HTTPS: no OpenSSL)*") != std::string::npos);
  CHECK(report_markdown(book_sized_report()).find("## 6.") == std::string::npos);  // not tried: no section
}

TEST_CASE("report: the HTTP client section puts each book strategy on curl beside asio, with CPU per request and the ratios") {
  auto report = book_sized_report();
  for (const auto s : {strategy_kind::serial, strategy_kind::gevent, strategy_kind::tornado, strategy_kind::aiohttp}) {
    for (const char* client : {"curl", "asio"}) {
      auto r = simulated(test::book(s, s == strategy_kind::serial ? 10 : 1000));
      r.transport = client;
      const bool asio = std::string(client) == "asio";
      if (asio) r.seconds *= 0.5;
      report.clients.crawls.push_back({r, asio ? 10.0 : 40.0});
    }
  }
  report.clients.mixed = {8, "bcrypt cost 8", {test::book_mixed(mixed_mode::noio, 9.5), test::book_mixed(mixed_mode::async, 9.9),
                                               test::book_mixed(mixed_mode::async, 9.6)}};
  report.clients.mixed_clients = {"-", "curl", "asio"};
  const auto md = report_markdown(report);
  CHECK(md.find("## 6.") == std::string::npos);  // the sections before it as they were
  const auto rows = table_rows(md, "## 7. What the HTTP client costs");
  REQUIRE(rows.size() == 8);  // curl then asio, for each of the four
  CHECK(rows[2][0] == "gevent");
  CHECK(rows[2][1] == "curl");
  CHECK(rows[2][4] == "1.000");
  CHECK(rows[2][6] == "40.0");
  CHECK(rows[2][7] == "-");  // the ratios stand on asio's row
  CHECK(rows[3][1] == "asio");
  CHECK(rows[3][4] == "0.500");
  CHECK(rows[3][6] == "10.0");
  CHECK(rows[3][7] == "0.50x");  // seconds
  CHECK(rows[3][8] == "0.25x");  // CPU per request
  CHECK(rows[3][9] == "0");

  const auto mixed = table_rows(md, "### CPU + I/O on each client, bcrypt cost 8: 600 items, 100 ms per POST");
  REQUIRE(mixed.size() == 3);
  REQUIRE(mixed[0].size() == mixed_columns.size() + 1);
  CHECK(mixed[0][0] == "noio");
  CHECK(mixed[0][1] == "-");
  CHECK(mixed[1][1] == "curl");
  CHECK(mixed[1][7] == "400 ms");  // async's unhidden I/O: 9.9 - 9.5 s
  CHECK(mixed[2][0] == "async");
  CHECK(mixed[2][1] == "asio");
  CHECK(mixed[2][7] == "100 ms");

  const auto doc = nlohmann::json::parse(report_json(report));
  CHECK(doc["clients"]["crawls"]["runs"].size() == 8);
  CHECK(doc["clients"]["crawls"]["runs"][1]["transport"] == "asio");
  CHECK(doc["clients"]["cpu_us_per_request"][1] == 10.0);
  CHECK(doc["clients"]["mixed"]["clients"][2] == "asio");
  CHECK(doc["clients"]["mixed"]["runs"]["runs"].size() == 3);
}

TEST_CASE("report: an HTTP client section that could not run says why, and one not tried is not there") {
  auto report = book_sized_report();
  report.clients.problem = "--transport asio speaks http only: use --transport curl (the default) for https (--tls)";
  const auto md = report_markdown(report);
  CHECK(md.find("## 7. What the HTTP client costs") != std::string::npos);
  CHECK(md.find("*(not run: --transport asio speaks http only") != std::string::npos);
  CHECK(report_markdown(book_sized_report()).find("## 7.") == std::string::npos);
}
