#include <catch2/catch.hpp>

#include <csignal>
#include <filesystem>
#include <thread>
#include <vector>
#include <cstdio>
#include <fstream>
#include <poll.h>
#include <sys/inotify.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "child_process.hpp"
#include "http_probe.hpp"
#include "server_fixture.hpp"

using namespace crawlbench;
using namespace std::chrono_literals;

namespace {
// crawlbench-server of this build, started with ARGS.
struct child_server : test::child_process {
  explicit child_server(const std::vector<std::string>& args) : child_process(CRAWLBENCH_SERVER_BINARY, args) {}
};

// Runs `crawlbench-server ARGS` to its end (bad flags end it at once): its stdout and stderr, and
// its exit status.
int run_server_binary(const std::vector<std::string>& args, std::string& output) {
  std::string command = std::string("'") + CRAWLBENCH_SERVER_BINARY + "'";
  for (const auto& a : args) command += " '" + a + "'";  // no argument here holds a quote
  return test::run_in_shell(command, output);
}
}  // namespace

TEST_CASE("server binary prints its listeners, and SIGTERM flushes every span and exits 0") {
  const auto folder = test::fresh_folder("process");
  const auto metrics = (folder / "metric_data.json").string();
  child_server child{{"--port", "0", "--extra-ports", "1", "--threads", "2", "--metrics-file", metrics}};
  const auto first = child.line(), second = child.line();
  REQUIRE(first.rfind("listening on http://127.0.0.1:", 0) == 0);
  REQUIRE(second.rfind("listening on http://127.0.0.1:", 0) == 0);
  const auto port = static_cast<std::uint16_t>(std::stoi(first.substr(first.rfind(':') + 1)));
  for (int i = 0; i < 3; ++i) CHECK(test::request(port, "/add?name=term&delay=10").status == 200);

  // A request still sleeping when SIGTERM arrives is finished and recorded too.
  test::connection late{port};
  late.send("GET /add?name=term&delay=300 HTTP/1.1\r\nHost: x\r\n\r\n");
  std::this_thread::sleep_for(100ms);
  ::kill(child.pid, SIGTERM);
  const auto answer = late.receive(3s);
  CHECK((answer && answer->status == 200));
  CHECK(child.wait_exit() == 0);
  std::ifstream in(metrics);
  const auto doc = nlohmann::json::parse(in);
  CHECK(doc["term"].size() == 4);
  std::filesystem::remove_all(folder);
}

TEST_CASE("server binary killed with SIGKILL during a flush leaves the metrics file whole") {
  // The flush writes metric_data.json.tmp, then renames it over metric_data.json: a kill at any
  // moment leaves the old file or the new one, never half of one. A stale .tmp may remain (no
  // fsync either: this is about process death, not power loss). inotify says when the temporary
  // file is created, and the kill follows at once: mid-write.
  const auto folder = test::fresh_folder("kill9");
  const auto metrics = folder / "metric_data.json";
  auto temporary = metrics;
  temporary += ".tmp";
  constexpr int spans = 50'000, batch = 500;  // a 3 MB file: the kill has milliseconds to land in
  bool killed_mid_write = false;
  int trials = 0;
  for (; trials < 10 && !killed_mid_write; ++trials) {  // a loaded machine may let the rename win
    std::filesystem::remove(metrics);
    std::filesystem::remove(temporary);
    child_server child{{"--port", "0", "--threads", "2", "--metrics-file", metrics.string()}};
    const auto listening = child.line();
    REQUIRE(listening.rfind("listening on http://127.0.0.1:", 0) == 0);
    const auto port = static_cast<std::uint16_t>(std::stoi(listening.substr(listening.rfind(':') + 1)));
    test::connection c{port};
    {  // the spans, pipelined 500 at a time
      std::string requests;
      for (int i = 0; i < batch; ++i) requests += "GET /add?name=kill&delay=0 HTTP/1.1\r\nHost: x\r\n\r\n";
      for (int sent = 0; sent < spans; sent += batch) {
        REQUIRE(c.send(requests));
        for (int i = 0; i < batch; ++i) REQUIRE(c.receive(5s));
      }
    }
    REQUIRE(test::request(port, "/add?flush=1").status == 200);  // the file exists, whole

    const int watch = ::inotify_init1(IN_CLOEXEC);
    REQUIRE(watch >= 0);
    REQUIRE(::inotify_add_watch(watch, folder.c_str(), IN_CREATE) >= 0);
    REQUIRE(c.send("GET /add?flush=1 HTTP/1.1\r\nHost: x\r\n\r\n"));
    pollfd ready{watch, POLLIN, 0};
    REQUIRE(::poll(&ready, 1, 5000) == 1);  // the second flush has created the temporary file
    ::kill(child.pid, SIGKILL);
    ::close(watch);
    CHECK(child.wait_exit() == 128 + SIGKILL);
    killed_mid_write = std::filesystem::exists(temporary);

    std::ifstream in(metrics);
    REQUIRE(in);
    nlohmann::json doc;
    REQUIRE_NOTHROW(doc = nlohmann::json::parse(in));
    CHECK(doc["kill"].size() == spans);  // the first flush's file, whole
  }
  INFO(trials << " trials");
  CHECK(killed_mid_write);  // the kill landed between the temporary file's creation and its rename
  std::filesystem::remove_all(folder);
}

TEST_CASE("server binary holds 10,000 idle connections, stays responsive, and drops them at the read timeout") {
  // The server in a child process: the two ends of 10,000 connections would need 20,000 files here.
  constexpr std::size_t idle = 10'000;
  rlimit files{};
  REQUIRE(::getrlimit(RLIMIT_NOFILE, &files) == 0);
  if (files.rlim_max < idle + 256) {
    WARN("skipped: the hard open-file limit " << files.rlim_max << " cannot hold " << idle << " connections");
    return;
  }
  files.rlim_cur = files.rlim_max;
  REQUIRE(::setrlimit(RLIMIT_NOFILE, &files) == 0);

  child_server child{{"--port", "0", "--threads", "2", "--read-timeout-ms", "2000", "--metrics-file", "/dev/null"}};
  const auto listening = child.line();
  REQUIRE(listening.rfind("listening on http://127.0.0.1:", 0) == 0);
  const auto port = static_cast<std::uint16_t>(std::stoi(listening.substr(listening.rfind(':') + 1)));
  std::vector<test::connection> connections;
  connections.reserve(idle);
  const auto opened_at = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < idle; ++i) connections.emplace_back(port);  // connected, and silent
  std::vector<pollfd> waiting;
  for (const auto& c : connections) waiting.push_back({c.fd(), POLLIN, 0});
  if (std::chrono::steady_clock::now() - opened_at < 1900ms) {  // none closed while they were opened
    CHECK(::poll(waiting.data(), waiting.size(), 0) == 0);
  }

  // Meanwhile the server answers at once, sleeping requests included.
  const auto asked_at = std::chrono::steady_clock::now();
  CHECK(test::request(port, "/healthz").status == 200);
  const auto slept = test::request(port, "/add?name=beside&delay=10");
  CHECK(slept.status == 200);
  CHECK(slept.body == ".");
  CHECK(std::chrono::steady_clock::now() - asked_at < 1s);

  // Then every idle connection is closed by the server, none before the read timeout.
  std::size_t closed = 0;
  auto first_closed = std::chrono::steady_clock::time_point::max();
  const auto deadline = opened_at + 2s + 5s;
  while (closed < idle && std::chrono::steady_clock::now() < deadline) {
    if (::poll(waiting.data(), waiting.size(), 100) < 0) break;
    for (auto& w : waiting) {
      if (w.fd >= 0 && (w.revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
        char byte = 0;
        if (::recv(w.fd, &byte, 1, MSG_DONTWAIT) <= 0) {
          first_closed = std::min(first_closed, std::chrono::steady_clock::now());
          ++closed;
          w.fd = -1;  // poll() ignores it from now on
        }
      }
    }
  }
  CHECK(closed == idle);
  CHECK(first_closed - opened_at >= 1900ms);  // none before its 2 s (each connection's timer starts at its accept)
  CHECK(test::request(port, "/healthz").status == 200);
}

TEST_CASE("server binary refuses bad flags with exit code 2") {
  child_server child{{"--port", "not-a-port"}};
  CHECK(child.wait_exit() == 2);
}

TEST_CASE("server binary reports a port already in use and exits 1") {
  test::running_server s;
  child_server child{{"--port", std::to_string(s.port())}};
  CHECK(child.wait_exit() == 1);
}

TEST_CASE("server binary on --host ::1 prints http://[::1]:PORT, lists it in /origins and answers there") {
  child_server child{{"--host", "::1", "--port", "0", "--extra-ports", "1", "--threads", "1", "--metrics-file", "/dev/null"}};
  const auto first = child.line(), second = child.line();
  if (first.empty() && child.wait_exit() == 1) {
    WARN("skipped: crawlbench-server cannot listen on ::1 here (no IPv6 loopback?)");
    return;
  }
  REQUIRE(first.rfind("listening on http://[::1]:", 0) == 0);
  REQUIRE(second.rfind("listening on http://[::1]:", 0) == 0);
  const std::string url = first.substr(std::string("listening on ").size(), first.size() - 14);  // no newline
  const auto origins = nlohmann::json::parse(test::request_url(url, "/origins").body)["origins"];
  REQUIRE(origins.size() == 2);
  CHECK(origins[0] == url);
  CHECK(origins[1].get<std::string>() + "\n" == second.substr(std::string("listening on ").size()));
  CHECK(test::request_url(origins[1], "/healthz").body == "ok\n");
}

TEST_CASE("server binary refuses a --host that is not an address with exit 2, naming it") {
  for (const std::string host : {"not-an-address", "::1::2", "300.1.1.1", "localhost", "[127.0.0.1]", ""}) {
    INFO("--host '" << host << "'");
    std::string output;
    CHECK(run_server_binary({"--host", host, "--port", "0", "--metrics-file", "/dev/null"}, output) == 2);
    CHECK(output.find("--host '" + host + "' is not an IPv4 or IPv6 address") != std::string::npos);
  }
}

TEST_CASE("server binary refuses numbers out of range with exit 2 and the range in words, never wrapping") {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
      {{"--port", "-1"}, "--port: '-1' is not a whole number from 0 to 65535"},
      {{"--port", "65536"}, "--port: '65536' is not a whole number from 0 to 65535"},
      {{"--port", "not-a-port"}, "from 0 to 65535"},
      {{"--port", "80.5"}, "from 0 to 65535"},
      {{"--extra-ports", "-1"}, "--extra-ports: '-1' is not a whole number from 0 to 64"},
      {{"--threads", "-1"}, "--threads: '-1' is not a whole number from 0 to 256"},
      {{"--threads", "4294967297"}, "from 0 to 256"},
      {{"--max-delay-ms", "-5"}, "--max-delay-ms: '-5' is not a whole number from 0 to 86400000"},
      {{"--max-concurrency", "-1"}, "--max-concurrency: '-1' is not a whole number from 0 to 1000000"},
      {{"--backlog", "0"}, "--backlog: '0' is not a whole number from 1 to 1048576"},
      {{"--max-spans", "-1"}, "--max-spans: '-1' is not a whole number from 0 to 1000000000"},
      {{"--read-timeout-ms", "0"}, "--read-timeout-ms: '0' is not a whole number from 1 to 3600000"},
      {{"--grace-ms", "-1"}, "--grace-ms: '-1' is not a whole number from 0 to 600000"},
      {{"--port", "65535", "--extra-ports", "1"}, "--port 65535 with --extra-ports 1 needs ports up to 65536"},
  };
  for (const auto& [flags, message] : cases) {
    auto args = flags;
    args.insert(args.end(), {"--metrics-file", "/dev/null"});
    INFO(flags[0] << " " << flags[1]);
    std::string output;
    CHECK(run_server_binary(args, output) == 2);
    CHECK(output.find(message) != std::string::npos);
  }
}

TEST_CASE("server binary --help states every number's range") {
  std::string help;
  REQUIRE(run_server_binary({"--help"}, help) == 0);
  for (const char* range : {"from 0 to 65535", "from 0 to 64", "from 0 to 256", "from 0 to 86400000", "from 0 to 1000000",
                            "from 1 to 1048576", "from 0 to 1000000000", "from 1 to 3600000", "from 0 to 600000"}) {
    INFO(range);
    CHECK(help.find(range) != std::string::npos);
  }
}
