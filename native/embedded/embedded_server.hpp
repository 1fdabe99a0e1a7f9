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

namespace crawlbench::server {
struct server_options;
}

namespace crawlbench::native {

// https: a fresh key and self-signed certificate for 127.0.0.1 (crawlbench-server's
// --tls-self-signed) in a new private temporary directory, removed when the server stops.
enum class embedded_scheme { http, https };

class embedded_server {
 public:
  // Accepts every delay a run may ask for (delay_ms_range, limits.hpp: up to an hour), whoever
  // starts it. Throws std::runtime_error when the child cannot be started, its server cannot
  // listen, or (https) the certificate cannot be made.
  explicit embedded_server(embedded_scheme scheme = embedded_scheme::http);
  ~embedded_server();  // stops the server and waits for the child
  embedded_server(const embedded_server&) = delete;
  embedded_server& operator=(const embedded_server&) = delete;

  // "http://127.0.0.1:PORT", or "https://127.0.0.1:PORT"
  [[nodiscard]] const std::string& url() const noexcept { return url_; }
  // https: the certificate a client must trust (DIR/cert.pem), and nothing else; http: empty.
  [[nodiscard]] const std::string& ca_file() const noexcept { return ca_file_; }

 private:
  void start_child(const server::server_options& options);  // forks it; url_ once it listens; throws as above
  void stop() noexcept;

  pid_t pid_ = -1;
  int control_ = -1;  // closing it tells the child to stop
  std::string url_;
  std::string tls_dir_;  // https: the temporary directory of cert.pem and key.pem
  std::string ca_file_;
};

}  // namespace crawlbench::native
