// Issue 16: the crawlbench binary refuses numbers out of range with the option, its range in words
// and exit 2; never wraps a negative into an unsigned option, never overflows the schedule. The
// crawls that must run use --transport sim (virtual time: fast and deterministic).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <string>

#include "cli_support.hpp"

using namespace crawlbench;
using test::run_cli;

namespace {
// The first line of the output.
std::string first_line(const std::string& out) { return out.substr(0, out.find('\n')); }

// Exit 2 with `message` as the first line, in under 200 characters all told.
void refused(const std::string& args, const std::string& message) {
  INFO(args);
  std::string out;
  CHECK(run_cli(args, out) == 2);
  CHECK(first_line(out) == message);
  CHECK(out.size() < 200);
}

const std::string rate_message = "--rate: must be 0 (concurrency / delay) or from 0.001 to 1,000,000 requests/s";
}  // namespace

TEST_CASE("crawlbench run refuses issue 16's rate of 1e-300/s with exit 2, alone or among other strategies") {
  refused("run --strategy rate --rate 1e-300 --num 3 --delay 10", rate_message);
  refused("run --strategy aiohttp,rate --rate 1e-300 --num 3 --delay 10", rate_message);
  refused("run --transport sim --strategy rate --rate 1e-11 --num 3 --delay 10", rate_message);
}

TEST_CASE("crawlbench run refuses inf, nan and negative rates in a short message") {
  for (const char* rate : {"inf", "nan", "-1", "1e400", "0x10", "1000001"}) {
    refused(std::string("run --strategy rate --rate ") + rate, rate_message);
  }
}

TEST_CASE("crawlbench refuses a negative value of an unsigned option instead of wrapping it around") {
  refused("run --num -1", "--num: must be a whole number from 1 to 10,000,000");
  refused("run --serial-num -1", "--serial-num: must be a whole number from 0 to 10,000,000");
  refused("run --seed -1", "--seed: must be a whole number from 0 to 18,446,744,073,709,551,615");
  refused("run --seed 18446744073709551616", "--seed: must be a whole number from 0 to 18,446,744,073,709,551,615");
  refused("run --transport sim --sim-server-limit -1", "--sim-server-limit: must be a whole number from 0 to 1,000,000");
  refused("run --concurrency -1", "--concurrency: '-1' is not a whole number from 1 to 1,000,000");
  refused("mixed --items -1", "--items: must be a whole number from 1 to 10,000,000");
  refused("mixed --seed -1", "--seed: must be a whole number from 0 to 18,446,744,073,709,551,615");
  refused("mixed --batch -1", "--batch: must be a whole number from 1 to 1,000,000");
  refused("gui --bench-spans -1", "--bench-spans: must be a whole number from 1 to 10,000,000");
  refused("gui --width -1", "--width: must be a whole number from 640 to 8,192");
}

TEST_CASE("crawlbench takes plain decimal numbers only: hex, exponents and spaces are refused with the range") {
  refused("run --num 0x10", "--num: must be a whole number from 1 to 10,000,000");
  refused("run --delay 1e3", "--delay: must be a whole number from 0 to 3,600,000");
  refused("run --timeout ' 5'", "--timeout: must be a whole number from 0 to 3,600,000");
  refused("gui --live-fps nan", "--live-fps: must be a number from 1 to 240 frames/s");
}

TEST_CASE("crawlbench run refuses simulated network times that would overflow the clock") {
  refused("run --transport sim --sim-rtt inf", "--sim-rtt: must be a number from 0 to 60,000 ms");
  refused("run --transport sim --sim-jitter 1e300", "--sim-jitter: must be a number from 0 to 60,000 ms");
  refused("run --transport sim --sim-connect -1", "--sim-connect: must be a number from 0 to 60,000 ms");
}

TEST_CASE("crawlbench run refuses a schedule longer than the longest run, and runs one at the limit") {
  std::string out;
  CHECK(run_cli("run --transport sim --strategy rate --rate 0.001 --num 10002 --delay 0", out) == 2);
  CHECK(first_line(out) ==
        "crawlbench run: rate: 10,002 requests take at least 10,001,000 s ((N - 1) / rate + delay); a run may take at "
        "most 10,000,000 s (about 116 days)");
  REQUIRE(run_cli("run --transport sim --strategy rate --rate 0.001 --num 10001 --delay 0 --json", out) == 0);
  const auto run = nlohmann::json::parse(out).at("runs").at(0);
  CHECK(run.at("lower_bound_s").get<double>() == 10'000'000.0);
  CHECK(run.at("seconds").get<double>() == 10'000'000.0);
  CHECK(run.at("latency_ms").at("p50").get<double>() >= 0);
  CHECK(run.at("ok").get<int>() == 10'001);
}

TEST_CASE("crawlbench run --rate 0 keeps its meaning, concurrency / delay") {
  std::string out;
  REQUIRE(run_cli("run --transport sim --strategy rate --rate 0 --num 20 --delay 10 --concurrency 5 --json", out) == 0);
  const auto run = nlohmann::json::parse(out).at("runs").at(0);
  CHECK(run.at("rate_rps").get<double>() == 500.0);  // 5 / 10 ms
  CHECK(run.at("ok").get<int>() == 20);
}

TEST_CASE("crawlbench --help states the limits of the numbers") {
  std::string out;
  REQUIRE(run_cli("run --help", out) == 0);
  CHECK(out.find("--num UINT:1 to 10,000,000") != std::string::npos);
  CHECK(out.find("0 (concurrency / delay) or from 0.001 to 1,000,000 requests/s") != std::string::npos);
  CHECK(out.find("10,000,000 s, the longest run") != std::string::npos);
  CHECK(out.find("--sim-rtt FLOAT:0 to 60,000 ms") != std::string::npos);
  CHECK(out.find("--seed UINT:0 to 18,446,744,073,709,551,615") != std::string::npos);
}
