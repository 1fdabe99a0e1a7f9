#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "crawlbench/atomic_file.hpp"

using namespace crawlbench;

namespace {
std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}
}  // namespace

TEST_CASE("atomic_file replaces the whole file and leaves no temporary behind") {
  const std::string path = (std::filesystem::temp_directory_path() / "crawlbench-atomic-test.json").string();
  REQUIRE_FALSE(write_file_atomically(path, "first").has_value());
  CHECK(read(path) == "first");
  REQUIRE_FALSE(write_file_atomically(path, "second, longer").has_value());
  CHECK(read(path) == "second, longer");
  CHECK_FALSE(std::filesystem::exists(path + ".tmp"));
  std::filesystem::remove(path);
}

TEST_CASE("atomic_file reports an unwritable path and keeps the old file") {
  const auto problem = write_file_atomically("/nonexistent-dir/x.json", "data");
  REQUIRE(problem.has_value());
  CHECK(problem->find("/nonexistent-dir/x.json") != std::string::npos);
}
