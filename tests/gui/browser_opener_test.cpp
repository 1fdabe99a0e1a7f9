// "Open in browser": the program runs with the URL as its one argument (no shell), a failing or
// missing program is reported, and nothing waits on it.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "browser_opener.hpp"

namespace {
namespace fs = std::filesystem;

// A folder with an executable script; removed at the end.
struct script_dir {
  fs::path dir = fs::temp_directory_path() / ("crawlbench-opener-" + std::to_string(::getpid()));
  script_dir() { fs::create_directories(dir); }
  ~script_dir() { fs::remove_all(dir); }
  fs::path script(const std::string& name, const std::string& body) const {
    const auto path = dir / name;
    std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
    fs::permissions(path, fs::perms::owner_all);
    return path;
  }
};

// poll() until every program has ended (at most 5 s); the failures it reported.
std::vector<std::string> poll_until_done(crawlbench::gui::browser_opener& opener) {
  std::vector<std::string> failures;
  for (int i = 0; i < 500 && opener.running() > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    for (auto& f : opener.poll()) failures.push_back(std::move(f));
  }
  CHECK(opener.running() == 0);
  return failures;
}
}  // namespace

TEST_CASE("browser opener: the program gets the share link as one argument, shell characters and all") {
  script_dir d;
  const auto got = d.dir / "got";
  const auto program = d.script("fake-browser", "printf '%s|%s' \"$#\" \"$1\" > '" + got.string() + ".tmp' && mv '" +
                                                    got.string() + ".tmp' '" + got.string() + "'");
  crawlbench::gui::browser_opener opener{program.string()};
  const std::string url = "http://127.0.0.1:8082/#r=v1.AB-_c; touch x $(id) 'q'";
  REQUIRE(opener.open(url));
  const auto failures = poll_until_done(opener);
  REQUIRE(fs::exists(got));
  std::stringstream text;
  text << std::ifstream(got).rdbuf();
  CHECK(text.str() == "1|" + url);
  CHECK(failures.empty());
}

TEST_CASE("browser opener: a missing program and one that fails are reported") {
  script_dir d;
  crawlbench::gui::browser_opener missing{(d.dir / "no-such-browser").string()};
  const auto problem = missing.open("http://127.0.0.1:8082/");
  REQUIRE_FALSE(problem);
  CHECK(problem.error().message.find("cannot run") != std::string::npos);
  CHECK(missing.running() == 0);

  const auto failing = d.script("no-browser-found", "exit 3");
  crawlbench::gui::browser_opener opener{failing.string()};
  REQUIRE(opener.open("http://127.0.0.1:8082/"));
  const auto failures = poll_until_done(opener);
  REQUIRE(failures.size() == 1);
  CHECK(failures[0].find("exit status 3") != std::string::npos);
}
