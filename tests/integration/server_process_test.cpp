#include <catch2/catch.hpp>

#include <csignal>
#include <thread>
#include <cstdio>
#include <fstream>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "http_probe.hpp"
#include "server_fixture.hpp"

using namespace crawlbench;
using namespace std::chrono_literals;

namespace {
struct child_server {
  pid_t pid = -1;
  FILE* out = nullptr;
  std::uint16_t port = 0;

  child_server(const std::vector<std::string>& args) {
    int pipe_fds[2];
    REQUIRE(::pipe(pipe_fds) == 0);
    pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      ::dup2(pipe_fds[1], STDOUT_FILENO);
      ::close(pipe_fds[0]);
      std::vector<char*> argv{const_cast<char*>(CRAWLBENCH_SERVER_BINARY)};
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      ::execv(CRAWLBENCH_SERVER_BINARY, argv.data());
      ::_exit(127);
    }
    ::close(pipe_fds[1]);
    out = ::fdopen(pipe_fds[0], "r");
  }
  ~child_server() {
    if (pid > 0) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
    if (out) ::fclose(out);
  }
  std::string line() {
    char buffer[256] = {};
    return std::fgets(buffer, sizeof buffer, out) ? std::string(buffer) : std::string();
  }
  int wait_exit() {
    int status = 0;
    for (int i = 0; i < 500; ++i) {  // at most 5 s
      if (::waitpid(pid, &status, WNOHANG) == pid) {
        pid = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      ::usleep(10'000);
    }
    return -1;
  }
};
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

TEST_CASE("server binary refuses bad flags with exit code 2") {
  child_server child{{"--port", "not-a-port"}};
  CHECK(child.wait_exit() == 2);
}

TEST_CASE("server binary reports a port already in use and exits 1") {
  test::running_server s;
  child_server child{{"--port", std::to_string(s.port())}};
  CHECK(child.wait_exit() == 1);
}
