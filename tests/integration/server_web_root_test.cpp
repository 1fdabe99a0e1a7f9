#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "server_fixture.hpp"
#include "web_root.hpp"

using namespace crawlbench;
namespace fs = std::filesystem;

namespace {
void write_index(const fs::path& folder) {
  fs::create_directories(folder);
  std::ofstream(folder / "index.html") << "<title>crawlbench</title>";
}
}  // namespace

TEST_CASE("server web root is found beside an installed binary, in the build tree, or not at all") {
  const auto folder = test::fresh_folder("web-root-lookup");
  const auto installed_binary = folder / "prefix" / "bin" / "crawlbench-server";
  const auto build_binary = folder / "build" / "native" / "server" / "crawlbench-server";
  for (const auto& binary : {installed_binary, build_binary}) {  // ".." is resolved from the binary's real folder
    fs::create_directories(binary.parent_path());
    std::ofstream{binary};
  }

  CHECK(server::find_web_root(installed_binary).empty());  // nothing built or installed: the built-in page
  CHECK(server::find_web_root(build_binary).empty());

  fs::create_directories(folder / "prefix" / "share" / "crawlbench" / "web");  // a folder without index.html
  CHECK(server::find_web_root(installed_binary).empty());

  write_index(folder / "prefix" / "share" / "crawlbench" / "web");
  CHECK(server::find_web_root(installed_binary) == fs::canonical(folder / "prefix" / "share" / "crawlbench" / "web"));

  write_index(folder / "build" / "web" / "web-root");
  CHECK(server::find_web_root(build_binary) == fs::canonical(folder / "build" / "web" / "web-root"));

  // A binary with both beside it (prefix/bin/../../web/web-root is folder/web/web-root) takes the
  // installed one; without it, the build tree's.
  write_index(folder / "web" / "web-root");
  CHECK(server::find_web_root(installed_binary) == fs::canonical(folder / "prefix" / "share" / "crawlbench" / "web"));
  fs::remove_all(folder / "prefix" / "share");
  CHECK(server::find_web_root(installed_binary) == fs::canonical(folder / "web" / "web-root"));
  fs::remove_all(folder);
}
