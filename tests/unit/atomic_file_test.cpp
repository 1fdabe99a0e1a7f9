#include <catch2/catch.hpp>

#ifndef __EMSCRIPTEN__
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

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
  REQUIRE(write_file_atomically(path, "first").has_value());
  CHECK(read(path) == "first");
  REQUIRE(write_file_atomically(path, "second, longer").has_value());
  CHECK(read(path) == "second, longer");
  CHECK_FALSE(std::filesystem::exists(path + ".tmp"));
  std::filesystem::remove(path);
}

TEST_CASE("atomic_file reports an unwritable path and keeps the old file") {
  const auto problem = write_file_atomically("/nonexistent-dir/x.json", "data");
  REQUIRE_FALSE(problem.has_value());
  CHECK(problem.error().message.find("/nonexistent-dir/x.json") != std::string::npos);
}

#ifndef __EMSCRIPTEN__
// /dev/null as a metrics file must stay /dev/null: a device or pipe is written, never replaced.
TEST_CASE("atomic_file writes into a pipe instead of replacing it") {
  const auto dir = std::filesystem::temp_directory_path() / ("crawlbench-fifo-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto fifo = (dir / "pipe").string();
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  // The reading end open first (without blocking), so the writer's open does not wait.
  const int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
  REQUIRE(reader >= 0);
  const auto problem = write_file_atomically(fifo, "spans");
  char buffer[16] = {};
  const auto n = ::read(reader, buffer, sizeof buffer);
  ::close(reader);
  CHECK(problem);
  CHECK(std::string(buffer, n > 0 ? static_cast<std::size_t>(n) : 0) == "spans");
  CHECK(std::filesystem::is_fifo(fifo));
  CHECK_FALSE(std::filesystem::exists(fifo + ".tmp"));
  std::filesystem::remove_all(dir);
}
#endif

#ifndef __EMSCRIPTEN__
TEST_CASE("atomic_file check_writable says what write_file_atomically would - and writes nothing") {
  const auto dir = std::filesystem::temp_directory_path() / ("crawlbench-check-writable-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const auto target = (dir / "out.json").string();
  CHECK(check_writable(target));
  CHECK_FALSE(std::filesystem::exists(target));
  CHECK(std::distance(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator()) == 0);
  CHECK_THAT(check_writable((dir / "absent" / "out.json").string()).error().message, Catch::Contains("cannot write"));
  CHECK_THAT(check_writable(dir.string()).error().message, Catch::Contains("it is a folder"));
  CHECK(check_writable("/dev/null"));
  const auto fifo = (dir / "pipe").string();
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK(check_writable(fifo));  // at once, though nobody reads it
  std::filesystem::remove_all(dir);
}
#endif
