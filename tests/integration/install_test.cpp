// `cmake --install` of this build into a temporary prefix, then the installed binaries run from
// there: what `cmake --install build/native --prefix ~/.local` or the .deb gives a user.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "child_process.hpp"
#include "http_probe.hpp"
#include "server_fixture.hpp"

using namespace crawlbench;
namespace fs = std::filesystem;

namespace {
// This build installed into a fresh prefix, removed at the end.
struct installed_prefix {
  fs::path prefix = test::fresh_folder("install");

  installed_prefix() {
    std::string output;
    const int status = test::run_in_shell(std::string("'") + CRAWLBENCH_CMAKE_COMMAND + "' --install '" +
                                              CRAWLBENCH_BUILD_DIR + "' --prefix '" + prefix.string() + "'",
                                          output);
    INFO(output);
    REQUIRE(status == 0);
  }
  installed_prefix(const installed_prefix&) = delete;
  installed_prefix& operator=(const installed_prefix&) = delete;
  ~installed_prefix() { fs::remove_all(prefix); }
};
}  // namespace

TEST_CASE("install puts crawlbench and crawlbench-server in bin, and nothing else there") {
  const installed_prefix installed;
  std::vector<std::string> binaries;
  for (const auto& entry : fs::directory_iterator(installed.prefix / "bin")) binaries.push_back(entry.path().filename().string());
  std::sort(binaries.begin(), binaries.end());
  CHECK(binaries == std::vector<std::string>{"crawlbench", "crawlbench-server"});  // no tests, benchmarks, fuzzers
  CHECK(fs::is_regular_file(installed.prefix / "share" / "doc" / "crawlbench" / "README.md"));
  CHECK(fs::is_regular_file(installed.prefix / "share" / "doc" / "crawlbench" / "docs" / "server.md"));
}

TEST_CASE("install gives a crawlbench that crawls from the prefix") {
  const installed_prefix installed;
  std::string output;
  const auto binary = installed.prefix / "bin" / "crawlbench";
  REQUIRE(test::run_in_shell("'" + binary.string() + "' run --transport sim --num 20 --strategy aiohttp", output) == 0);
  INFO(output);
  CHECK(output.find("\naiohttp ") != std::string::npos);  // its row of the results table
}

TEST_CASE("install gives a crawlbench-server that serves the web UI from the prefix's share/crawlbench/web") {
  const installed_prefix installed;
  const auto web = installed.prefix / "share" / "crawlbench" / "web";
  if (!fs::exists(web / "index.html")) {  // the web preset was not built: a page of our own proves the lookup
    fs::create_directories(web);
    std::ofstream(web / "index.html") << "<title>installed crawlbench web UI</title>";
  }
  test::child_process server{(installed.prefix / "bin" / "crawlbench-server").string(),
                             {"--port", "0", "--threads", "1", "--metrics-file", "/dev/null"}};
  const auto listening = server.line();
  REQUIRE(listening.rfind("listening on http://127.0.0.1:", 0) == 0);
  const auto port = static_cast<std::uint16_t>(std::stoi(listening.substr(listening.rfind(':') + 1)));
  CHECK(test::request(port, "/healthz").body == "ok\n");
  const auto page = test::request(port, "/");
  CHECK(page.status == 200);
  CHECK(page.header("content-type").rfind("text/html", 0) == 0);
  CHECK(page.body == test::file_text(web / "index.html"));
}
