#pragma once
// The delay server a command starts when it is given no server (crawlbench run, mixed, report and
// the GUI): crawlbench-server's code in a forked child process, on an ephemeral 127.0.0.1 port,
// its metrics discarded. A child of its own because each connection needs a file on both ends:
// in one process, C connections took 2C files of one open-file limit, and at C=10,000 under
// 20,000 the server's accepts failed (4,704 of 100,000 requests refused). The child raises its
// own limit. It blocks every signal (Ctrl-C is the parent's to handle) and ends when the parent
// closes its pipe, or dies; SIGKILL still ends it.
//
// Fork it before this process starts threads where possible (the CLI does). The GUI forks it on
// its first embedded run, with threads running: the child only uses malloc (which glibc keeps
// usable after fork) and the server's own new threads, never a lock another thread could hold.
#include <sys/types.h>

#include <string>

namespace crawlbench::native {

class embedded_server {
 public:
  // Accepts every delay a run may ask for (delay_ms_range, limits.hpp: up to an hour), whoever
  // starts it. Throws std::runtime_error when the child cannot be started or its server cannot listen.
  embedded_server();
  ~embedded_server();  // stops the server and waits for the child
  embedded_server(const embedded_server&) = delete;
  embedded_server& operator=(const embedded_server&) = delete;

  // "http://127.0.0.1:PORT"
  [[nodiscard]] const std::string& url() const noexcept { return url_; }

 private:
  void stop() noexcept;

  pid_t pid_ = -1;
  int control_ = -1;  // closing it tells the child to stop
  std::string url_;
};

}  // namespace crawlbench::native
