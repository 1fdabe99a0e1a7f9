// posix::raise_file_limit in a forked child whose limits are set first (the test process's own are
// never touched). Run as root, the child becomes nobody (uid 65534) first, so that raising the
// hard limit is refused as it is for users.
#include <catch2/catch.hpp>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <optional>
#include <string>

#include "crawlbench/posix/file_limit.hpp"

using crawlbench::posix::file_limit;
using crawlbench::posix::raise_file_limit;

namespace {
struct in_child {
  file_limit result;
  rlim_t soft_after = 0;  // getrlimit's after the call
  int exit_status = -1;
};

// Exit statuses of a child that could not set the scene.
constexpr int cannot_drop_root = 10, cannot_set_limit = 11;

[[noreturn]] void run_child(rlim_t soft, rlim_t hard, std::size_t wanted, int out) {
  if (::geteuid() == 0 && ::setuid(65534) != 0) ::_exit(cannot_drop_root);
  const rlimit start{soft, hard};
  if (::setrlimit(RLIMIT_NOFILE, &start) != 0) ::_exit(cannot_set_limit);
  const file_limit r = raise_file_limit(wanted);
  rlimit after{};
  ::getrlimit(RLIMIT_NOFILE, &after);
  const std::string line = std::to_string(r.open_files) + " " + std::to_string(after.rlim_cur) + " " +
                           (r.shortfall ? *r.shortfall : std::string("-"));
  const bool written = ::write(out, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  ::_exit(written ? 0 : 1);
}

// raise_file_limit(wanted) in a child that starts at `soft` and `hard` open files.
in_child raised_in_child(rlim_t soft, rlim_t hard, std::size_t wanted) {
  int pipe_fds[2];
  REQUIRE(::pipe(pipe_fds) == 0);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::close(pipe_fds[0]);
    run_child(soft, hard, wanted, pipe_fds[1]);
  }
  ::close(pipe_fds[1]);
  std::string text;
  char buffer[256];
  for (ssize_t n; (n = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0;) text.append(buffer, static_cast<std::size_t>(n));
  ::close(pipe_fds[0]);
  in_child c;
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  c.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  unsigned long long open_files = 0, soft_after = 0;
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%llu %llu %n", &open_files, &soft_after, &consumed) == 2) {
    c.result.open_files = open_files;
    c.soft_after = soft_after;
    if (text.substr(static_cast<std::size_t>(consumed)) != "-") c.result.shortfall = text.substr(static_cast<std::size_t>(consumed));
  }
  return c;
}

// The child ran to its end, with `open_files` reported and in force, and `shortfall` said.
void check_outcome(const in_child& c, std::size_t open_files, const std::optional<std::string>& shortfall) {
  REQUIRE(c.exit_status == 0);
  CHECK(c.result.open_files == open_files);
  CHECK(c.soft_after == open_files);
  CHECK(c.result.shortfall == shortfall);
}
}  // namespace

TEST_CASE("file limit raises the soft limit to what is wanted, within the hard limit") {
  check_outcome(raised_in_child(100, 500, 300), 300, std::nullopt);
}

TEST_CASE("file limit stops at the hard limit and says by how much it falls short") {
  check_outcome(raised_in_child(100, 200, 1064), 200,
                "open-file limit is 200 (hard limit 200), below the 1064 wanted: connections beyond it will be refused");
}

TEST_CASE("file limit never lowers a limit above what is wanted") {
  check_outcome(raised_in_child(400, 500, 300), 400, std::nullopt);
}
