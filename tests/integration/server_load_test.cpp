#include <catch2/catch.hpp>

#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "http_probe.hpp"
#include "server_fixture.hpp"

using namespace crawlbench;
using namespace std::chrono_literals;

namespace {
// Opens `n` connections, sends one request on each, and collects every answer (bounded wait).
std::vector<std::optional<test::http_answer>> all_at_once(std::uint16_t port, std::size_t n, const std::string& target) {
  std::vector<test::connection> connections;
  connections.reserve(n);
  for (std::size_t i = 0; i < n; ++i) connections.emplace_back(port);
  for (auto& c : connections) c.send("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
  std::vector<std::optional<test::http_answer>> answers;
  for (auto& c : connections) answers.push_back(c.receive(10s));
  return answers;
}
}  // namespace

TEST_CASE("server answers 1000 concurrent sleeping requests together") {
  test::running_server s;
  const auto start = std::chrono::steady_clock::now();
  const auto answers = all_at_once(s.port(), 1000, "/add?name=many&delay=500");
  const auto took = std::chrono::steady_clock::now() - start;
  std::size_t ok = 0;
  for (const auto& a : answers) ok += a && a->status == 200 && a->body == ".";
  CHECK(ok == 1000);
  CHECK(took < 3s);  // one 500 ms sleep for all, not 1000 of them
  CHECK(s.server.metrics().stored() == 1000);
}

TEST_CASE("server --max-concurrency 1 serves one request at a time") {
  server::server_options o;
  o.max_concurrency = 1;
  test::running_server s{o};
  const auto start = std::chrono::steady_clock::now();
  const auto answers = all_at_once(s.port(), 5, "/add?name=one&delay=100");
  const auto took = std::chrono::steady_clock::now() - start;
  for (const auto& a : answers) CHECK((a && a->status == 200));
  CHECK(took >= 500ms);
  // The recorded spans do not overlap.
  auto spans = nlohmann::json::parse(s.server.metrics().to_json("one"))["one"];
  REQUIRE(spans.size() == 5);
  std::vector<std::pair<double, double>> times;
  for (const auto& span : spans) times.emplace_back(span["start"].get<double>(), span["end"].get<double>());
  std::sort(times.begin(), times.end());
  for (std::size_t i = 1; i < times.size(); ++i) CHECK(times[i].first >= times[i - 1].second - 1e-6);
}

TEST_CASE("server flushes are atomic: a reader never sees a torn metrics file") {
  test::running_server s;
  const std::string path = s.server.options().metrics_file;
  std::atomic<bool> done{false};
  std::atomic<int> parsed{0}, torn{0};
  std::thread reader([&] {
    while (!done) {
      std::ifstream in(path);
      if (!in) continue;
      std::stringstream text;
      text << in.rdbuf();
      if (text.str().empty()) {
        ++torn;
        continue;
      }
      try {
        const auto doc = nlohmann::json::parse(text.str());
        if (!doc.is_object()) ++torn;
        ++parsed;
      } catch (const std::exception&) {
        ++torn;
      }
    }
  });
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < 100; ++i) {
        test::request(s.port(), "/add?name=w" + std::to_string(t) + "&delay=0");
        if (i % 5 == 0) test::request(s.port(), "/add?flush=1");
      }
    });
  }
  for (auto& w : writers) w.join();
  done = true;
  reader.join();
  CHECK(torn == 0);
  CHECK(parsed > 0);
}
