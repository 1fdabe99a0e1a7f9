#include "browser_opener.hpp"

#include <spawn.h>
#include <sys/wait.h>

#include <cstring>

extern char** environ;

namespace crawlbench::gui {

browser_opener::~browser_opener() { poll(); }

expected<void> browser_opener::open(const std::string& url) {
  std::string program = program_, argument = url;
  char* argv[] = {program.data(), argument.data(), nullptr};
  pid_t pid = 0;
  if (const int error = posix_spawnp(&pid, program.c_str(), nullptr, nullptr, argv, environ); error != 0) {
    return unexpected_error("cannot run " + program_ + ": " + std::strerror(error));
  }
  running_.push_back(pid);
  return {};
}

std::vector<std::string> browser_opener::poll() {
  std::vector<std::string> failures;
  for (auto it = running_.begin(); it != running_.end();) {
    int status = 0;
    const pid_t done = waitpid(*it, &status, WNOHANG);
    if (done == 0) {
      ++it;
      continue;
    }
    if (done > 0 && WIFEXITED(status) && WEXITSTATUS(status) != 0) {
      failures.push_back(program_ + " could not open a browser (exit status " + std::to_string(WEXITSTATUS(status)) + ")");
    } else if (done > 0 && WIFSIGNALED(status)) {
      failures.push_back(program_ + " was killed by signal " + std::to_string(WTERMSIG(status)));
    }
    it = running_.erase(it);
  }
  return failures;
}

}  // namespace crawlbench::gui
