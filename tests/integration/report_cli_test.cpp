// `crawlbench report --quick --no-images` end to end (issue 20): its section 7 runs the book's four
// strategies on both native clients, libcurl and asio, against its embedded server, and the CPU +
// I/O workload's async mode on each beside noio; every run succeeds and results.json holds them.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

#include "cli_support.hpp"

using namespace crawlbench;
using test::run_cli;

TEST_CASE("report --quick --no-images: the HTTP client section has each book strategy on curl and on asio, 0 errors") {
  const auto folder = test::fresh_folder("report-clients");
  std::string output;
  const int status = run_cli("report --quick --no-images --out " + folder.string(), output);
  INFO(output);
  REQUIRE(status == 0);
  const std::string md = test::file_text(folder / "report.md");
  const auto at = md.find("## 7. What the HTTP client costs");
  REQUIRE(at != std::string::npos);
  CHECK(md.find("## 6. Over HTTPS") < at);  // the sections before it still there, in order
  const std::string section = md.substr(at);
  for (const char* strategy : {"serial", "gevent", "tornado", "aiohttp"}) {
    INFO(strategy);
    for (const char* client : {"curl", "asio"}) CHECK(section.find(std::string("| ") + strategy + " | " + client + " | ") != std::string::npos);
  }
  CHECK(section.find("| async | curl | 40 |") != std::string::npos);  // cost 8 at the quick report's 40 items
  CHECK(section.find("| async | asio | 40 |") != std::string::npos);
  CHECK(section.find("| noio | - | 40 |") != std::string::npos);

  const auto doc = nlohmann::json::parse(test::file_text(folder / "results.json"));
  const auto& clients = doc["clients"];
  REQUIRE(clients["crawls"]["runs"].size() == 8);
  for (std::size_t i = 0; i < 8; ++i) {
    const auto& run = clients["crawls"]["runs"][i];
    INFO(run.dump());
    CHECK(run["transport"] == (i % 2 == 0 ? "curl" : "asio"));
    CHECK(run["errors"] == 0);
    CHECK(clients["cpu_us_per_request"][i].get<double>() > 0);
  }
  CHECK(clients["mixed"]["cost"] == 8);
  CHECK(clients["mixed"]["clients"] == nlohmann::json::array({"-", "curl", "asio"}));
  CHECK(doc["crawl"]["runs"][0]["transport"] == "curl");  // the other sections stay on libcurl
  std::filesystem::remove_all(folder);
}
