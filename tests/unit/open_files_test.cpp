#include "crawlbench/open_files.hpp"

#include <catch2/catch.hpp>

using namespace crawlbench;

TEST_CASE("open files: a crawl asks for a file per connection, two with its own server, and a reserve") {
  CHECK(open_files_wanted(1000, 1) == 1000 + reserved_open_files);
  CHECK(open_files_wanted(1000, 2) == 2000 + reserved_open_files);
  CHECK(open_files_wanted(0, 2) == reserved_open_files);
}

TEST_CASE("open files: the connections a limit holds, at least one, none known when the limit is not") {
  CHECK(connections_within(200, 2) == (200 - reserved_open_files) / 2);
  CHECK(connections_within(200, 1) == 200 - reserved_open_files);
  CHECK(connections_within(open_files_wanted(10'000, 2), 2) == 10'000);  // what it asks for fits
  CHECK(connections_within(reserved_open_files, 2) == 1);
  CHECK(connections_within(3, 1) == 1);
  CHECK(connections_within(0, 1) == 0);  // unknown
}

TEST_CASE("open files: concurrency past the limit is lowered, with a note naming both figures") {
  std::size_t concurrency = 500;
  const auto note = fit_concurrency(concurrency, 200, 2);
  REQUIRE(note);
  CHECK(concurrency == 68);
  CHECK(*note == "concurrency 500 lowered to 68: the open-file limit of 200 holds no more connections "
                 "(two files each: this process's server holds the other ends)");

  std::size_t fits = 68;
  CHECK_FALSE(fit_concurrency(fits, 200, 2));
  CHECK(fits == 68);
  std::size_t unknown = 500;
  CHECK_FALSE(fit_concurrency(unknown, 0, 2));
  CHECK(unknown == 500);
}

TEST_CASE("open files: a crawl's concurrency is lowered, serial's never") {
  crawl_config aiohttp;
  aiohttp.strategy = strategy_kind::aiohttp;
  aiohttp.concurrency = 1000;
  const auto note = fit_concurrency(aiohttp, 564, 1);
  REQUIRE(note);
  CHECK(note->find("concurrency 1000 lowered to 500") == 0);
  CHECK(note->find("two files") == std::string::npos);
  CHECK(aiohttp.effective_concurrency() == 500);

  crawl_config serial;
  serial.strategy = strategy_kind::serial;
  serial.concurrency = 1000;
  CHECK_FALSE(fit_concurrency(serial, 100, 2));
  CHECK(serial.concurrency == 1000);
}
