#pragma once
// For tests that run a binary of the product: as a child whose stdout the test reads line by line
// (a server printing `listening on URL`), or to its end through sh with its output collected.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "server_fixture.hpp"

namespace crawlbench::test {

// `binary ARGS` started with its stdout on a pipe; SIGKILLed and reaped at the end unless it exited.
struct child_process {
  pid_t pid = -1;
  FILE* out = nullptr;

  child_process(const std::string& binary, const std::vector<std::string>& args) {
    int pipe_fds[2];
    REQUIRE(::pipe(pipe_fds) == 0);
    pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      ::dup2(pipe_fds[1], STDOUT_FILENO);
      ::close(pipe_fds[0]);
      std::vector<char*> argv{const_cast<char*>(binary.c_str())};
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      ::execv(binary.c_str(), argv.data());
      ::_exit(127);
    }
    ::close(pipe_fds[1]);
    out = ::fdopen(pipe_fds[0], "r");
  }
  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;
  ~child_process() {
    if (pid > 0) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
    if (out) ::fclose(out);
  }
  // The next line of its stdout, newline included; empty once it closed stdout.
  std::string line() {
    char buffer[256] = {};
    return std::fgets(buffer, sizeof buffer, out) ? std::string(buffer) : std::string();
  }
  // Its exit status (128 + N for signal N), or -1 when it is still running after 5 s.
  int wait_exit() {
    int status = 0;
    for (int i = 0; i < 500; ++i) {
      if (::waitpid(pid, &status, WNOHANG) == pid) {
        pid = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      ::usleep(10'000);
    }
    return -1;
  }
};

// A file's bytes (empty when it cannot be read): what a child wrote, or what an install put.
inline std::string file_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Runs `command` in sh; its output (stdout and stderr) and exit status (-1 when it did not exit).
inline int run_in_shell(const std::string& command, std::string& output) {
  const auto out = fresh_folder("shell") / "out.txt";
  const int status = std::system((command + " > '" + out.string() + "' 2>&1").c_str());
  output = file_text(out);
  std::filesystem::remove_all(out.parent_path());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace crawlbench::test
