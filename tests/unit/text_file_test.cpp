#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "crawlbench/text_file.hpp"

using namespace crawlbench;

TEST_CASE("text_file reads a whole file - bytes as they are - or names it and why not") {
  const auto path = std::filesystem::temp_directory_path() / "crawlbench-text-file-test.json";
  const std::string content = std::string("{\"a\": 1}\r\n") + '\0' + "tail";
  std::ofstream(path, std::ios::binary) << content;
  CHECK(read_text_file(path.string()).value() == content);
  std::filesystem::remove(path);
  const auto missing = read_text_file(path.string());
  REQUIRE_FALSE(missing);
  CHECK_THAT(missing.error().message, Catch::Contains("cannot read " + path.string() + ": No such file"));
}
