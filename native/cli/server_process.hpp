#pragma once
// The delay server in a forked child process, for `crawlbench report`'s scale run: 10,000
// connections need 10,000 files on each side, and one process under a 20,000 limit cannot hold
// both ends. Fork it before this process starts a thread. The child blocks every signal (Ctrl-C
// is the parent's to handle) and ends when the parent closes its pipe, or dies; SIGKILL still
// ends it.
#include <sys/types.h>

#include <cstdint>
#include <string>

namespace crawlbench::cli {

class server_process {
 public:
  // Throws std::runtime_error when the child cannot be started or its server cannot listen.
  server_process(unsigned threads, std::int64_t longest_delay_ms);
  ~server_process();  // stops the server and waits for the child
  server_process(const server_process&) = delete;
  server_process& operator=(const server_process&) = delete;

  [[nodiscard]] const std::string& url() const noexcept { return url_; }

 private:
  void stop() noexcept;

  pid_t pid_ = -1;
  int control_ = -1;  // closing it tells the child to stop
  std::string url_;
};

}  // namespace crawlbench::cli
