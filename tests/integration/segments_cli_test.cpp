// `crawlbench run --segment I/K --start-at` and `crawlbench merge` over real sockets on 127.0.0.1
// (issue 21): K = 3 local processes against one delay server merge into the whole run, and what
// cannot be split or merged is refused with exit 2 and the reason.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>

#include "cli_support.hpp"

using namespace crawlbench;
using test::run_cli;

namespace {
constexpr std::size_t k = 3;

double unix_now() { return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count(); }

// `at` (Unix seconds) as ISO 8601 in the zone `offset_hours` east of UTC, with milliseconds.
std::string iso(double at, int offset_hours) {
  const auto shifted = static_cast<std::time_t>(at) + offset_hours * 3600;
  std::tm parts{};
  ::gmtime_r(&shifted, &parts);
  char text[64];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &parts);
  char rest[32];
  const int ms = static_cast<int>((at - static_cast<double>(static_cast<std::time_t>(at))) * 1000);
  if (offset_hours == 0) std::snprintf(rest, sizeof rest, ".%03dZ", ms);
  else std::snprintf(rest, sizeof rest, ".%03d%+03d:00", ms, offset_hours);
  return std::string(text) + rest;
}

nlohmann::json json_file(const std::filesystem::path& path) { return nlohmann::json::parse(test::file_text(path)); }

// The K segments of `plan_args`, started together in the background (--start-at 1.5 s from now),
// each writing folder/segment-I.json; the shell's output and status.
int run_segments(const std::filesystem::path& folder, const std::string& plan_args, double at, std::string& output) {
  std::string script;
  for (std::size_t i = 0; i < k; ++i) {
    script += "timeout 60 " + std::string(CRAWLBENCH_CLI_BINARY) + " run " + plan_args + " --segment " + std::to_string(i) + "/" +
              std::to_string(k) + " --start-at " + iso(at, 0) + " --out " + (folder / ("segment-" + std::to_string(i) + ".json")).string() +
              " > /dev/null & p" + std::to_string(i) + "=$!; ";
  }
  script += "s=0; for p in $p0 $p1 $p2; do wait $p || s=$?; done; exit $s";
  return test::run_in_shell("sh -c '" + script + "'", output);
}

std::string segment_paths(const std::filesystem::path& folder) {
  std::string paths;
  for (std::size_t i = 0; i < k; ++i) paths += " " + (folder / ("segment-" + std::to_string(i) + ".json")).string();
  return paths;
}
}  // namespace

TEST_CASE("segments of 3 processes against one server merge into the whole run") {
  const auto client = GENERATE(as<std::string>{}, "curl", "asio");
  test::running_server served{{}, "segments-" + client};
  const auto folder = test::fresh_folder("segments-out-" + client);
  const std::string plan = "--server http://127.0.0.1:" + std::to_string(served.port()) + " --transport " + client +
                           " --strategy serial,aiohttp,rate --num 300 --serial-num 5 --delay 20 --concurrency 30";
  const double at = unix_now() + 1.5;
  std::string output;
  REQUIRE(run_segments(folder, plan, at, output) == 0);
  INFO(output);
  REQUIRE(run_cli("merge" + segment_paths(folder) + " --out " + (folder / "merged.json").string(), output) == 0);
  CHECK_THAT(output, Catch::Contains("spread"));
  const auto merged = json_file(folder / "merged.json");
  CHECK(merged["merged_segments"] == k);
  REQUIRE(merged["runs"].size() == 3);
  for (std::size_t r = 0; r < 3; ++r) {
    const auto& run = merged["runs"][r];
    INFO(run["strategy"]);
    const bool serial = run["strategy"] == "serial";
    const std::size_t n = serial ? 5 : 300;
    CHECK(run["num"] == n);
    CHECK(run["ok"] == n);
    CHECK(run["errors"] == 0);
    CHECK(run["concurrency"] == (serial ? 1 : 30));
    CHECK(run["spans"]["done_s"].size() == n);
    std::size_t bytes = 0;
    double lowest_p50 = 1e9, highest_p50 = 0;
    for (std::size_t i = 0; i < k; ++i) {
      const auto segment = json_file(folder / ("segment-" + std::to_string(i) + ".json"));
      if (serial && i != 0) continue;  // serial runs in segment 0 alone
      const auto& part = segment["runs"][serial || i == 0 ? r : r - 1];
      CHECK(part["epoch_s"].get<double>() >= at - 0.001);  // each waited for --start-at
      bytes += part["result_bytes"].get<std::size_t>();
      lowest_p50 = std::min(lowest_p50, part["latency_ms"]["p50"].get<double>());
      highest_p50 = std::max(highest_p50, part["latency_ms"]["p50"].get<double>());
    }
    CHECK(run["result_bytes"] == bytes);
    CHECK(run["latency_ms"]["p50"].get<double>() >= lowest_p50 - 0.001);
    CHECK(run["latency_ms"]["p50"].get<double>() <= highest_p50 + 0.001);
    CHECK(run["segment_starts_s"].size() == (serial ? 1 : k));
  }
  std::filesystem::remove_all(folder);
}

TEST_CASE("segments merge refuses files of another plan, a duplicate, a missing segment and garbage - exit 2") {
  const auto folder = test::fresh_folder("segments-refused");
  const std::string plan = "--transport sim --strategy aiohttp --num 30 --concurrency 3";
  std::string output;
  for (std::size_t i = 0; i < k; ++i) {
    const std::string segment = std::to_string(i) + "/3 --out " + (folder / ("s" + std::to_string(i) + ".json")).string();
    REQUIRE(run_cli("run " + plan + " --segment " + segment, output) == 0);
  }
  REQUIRE(run_cli("run --transport sim --strategy aiohttp --num 31 --concurrency 3 --segment 2/3 --out " + (folder / "other.json").string(), output) == 0);
  std::ofstream(folder / "garbage.json") << "{\"format\": \"crawlbench-result\", \"version\": 1, \"runs\": [";
  const auto path = [&](const char* name) { return " " + (folder / name).string(); };
  CHECK(run_cli("merge" + path("s0.json") + path("s1.json") + path("s2.json"), output) == 0);
  CHECK(run_cli("merge" + path("s0.json") + path("s1.json") + path("other.json"), output) == 2);
  CHECK_THAT(output, Catch::Contains("other.json ran another plan"));
  CHECK(run_cli("merge" + path("s0.json") + path("s1.json") + path("s1.json"), output) == 2);
  CHECK_THAT(output, Catch::Contains("are both segment 1 of 3"));
  CHECK(run_cli("merge" + path("s0.json") + path("s2.json"), output) == 2);
  CHECK_THAT(output, Catch::Contains("segment(s) 1 of 3 missing"));
  CHECK(run_cli("merge" + path("s0.json") + path("garbage.json"), output) == 2);
  CHECK_THAT(output, Catch::Contains("garbage.json: invalid JSON"));
  CHECK(run_cli("merge" + path("s0.json") + path("absent.json"), output) == 2);
  CHECK(run_cli("merge", output) == 2);
  std::filesystem::remove_all(folder);
}

TEST_CASE("segments run refuses what cannot be split or started - exit 2 before anything is sent") {
  std::string output;
  CHECK(run_cli("run --transport sim --segment 3/3", output) == 2);
  CHECK_THAT(output, Catch::Contains("segment 3 is not one of 0 to 2"));
  CHECK(run_cli("run --transport sim --segment 1/x", output) == 2);
  CHECK(run_cli("run --transport sim --segment 0/10001", output) == 2);
  CHECK(run_cli("run --transport sim --strategy aiohttp --concurrency 2 --segment 0/3", output) == 2);
  CHECK_THAT(output, Catch::Contains("concurrency 2 cannot be split over 3 segments"));
  CHECK(run_cli("run --transport sim --strategy aiohttp --num 2 --segment 0/3", output) == 2);
  CHECK_THAT(output, Catch::Contains("2 requests cannot be split over 3 segments"));
  CHECK(run_cli("run --transport sim --start-at 2026-12-01T06:30:00", output) == 2);
  CHECK_THAT(output, Catch::Contains("has no zone"));
  CHECK(run_cli("run --transport sim --start-at tomorrow", output) == 2);
  CHECK_THAT(output, Catch::Contains("is not a time"));
  CHECK(run_cli("run --transport sim --start-at 1969-12-31T23:59:59Z", output) == 2);
  CHECK(run_cli("run --transport sim --start-at " + std::to_string(static_cast<long long>(unix_now()) + 30 * 24 * 3600), output) == 2);
  CHECK_THAT(output, Catch::Contains("at most 7 days"));
}

TEST_CASE("segments start-at takes ISO 8601 in any zone and epoch seconds - and begins no earlier") {
  const auto form = GENERATE(0, 1, 2);  // UTC with Z, an offset of +05:00, epoch seconds
  const double at = unix_now() + 1.0;
  const std::string text = form == 0 ? iso(at, 0) : form == 1 ? iso(at, 5) : std::to_string(at);
  std::string output;
  REQUIRE(run_cli("run --transport curl --strategy aiohttp --num 3 --delay 0 --concurrency 3 --json --start-at " + text, output) == 0);
  INFO(text << "\n" << output);
  CHECK_THAT(output, Catch::Contains("s for --start-at"));
  const auto json = nlohmann::json::parse(output.substr(output.find('{')));
  CHECK(json["runs"][0]["epoch_s"].get<double>() >= at - 0.002);  // iso() keeps milliseconds
  CHECK(json["plan_digest"].get<std::string>().rfind("sha256:", 0) == 0);
}

TEST_CASE("segments of a URL list fetch its entries I, I+K, ... and merge - another list is another plan") {
  test::running_server served{{}, "segments-list"};
  const auto folder = test::fresh_folder("segments-list-out");
  const std::string base = "http://127.0.0.1:" + std::to_string(served.port()) + "/add?name=l&delay=5&r";
  std::ofstream list(folder / "urls.txt");
  for (int i = 0; i < 9; ++i) list << base << i << "\n";
  list.close();
  std::ofstream(folder / "other.txt") << base << "x\n" << base << "y\n" << base << "z\n";
  std::string output;
  const auto segment = [&](const char* urls, std::size_t i, const std::string& out) {
    return run_cli("run --urls " + (folder / urls).string() + " --strategy aiohttp --concurrency 3 --segment " + std::to_string(i) +
                       "/3 --out " + (folder / out).string(),
                   output);
  };
  for (std::size_t i = 0; i < k; ++i) REQUIRE(segment("urls.txt", i, "segment-" + std::to_string(i) + ".json") == 0);
  CHECK(json_file(folder / "segment-1.json")["runs"][0]["num"] == 3);
  REQUIRE(run_cli("merge" + segment_paths(folder) + " --json", output) == 0);
  const auto merged = nlohmann::json::parse(output.substr(output.find('{')));
  CHECK(merged["runs"][0]["num"] == 9);
  CHECK(merged["runs"][0]["ok"] == 9);
  CHECK(merged["runs"][0]["lower_bound_estimated"] == false);  // one delay of /add URLs: the floor is known
  CHECK(merged["runs"][0]["lower_bound_s"].get<double>() == Approx(0.015));  // ceil(9 / 3) x 5 ms
  REQUIRE(segment("other.txt", 2, "segment-2.json") == 0);  // a list of 3: segment 2's share is 1
  CHECK(run_cli("merge" + segment_paths(folder), output) == 2);
  CHECK_THAT(output, Catch::Contains("ran another plan"));
  std::filesystem::remove_all(folder);
}
