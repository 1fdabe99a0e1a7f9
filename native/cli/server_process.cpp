#include "server_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "embedded_server.hpp"

namespace crawlbench::cli {

namespace {
[[noreturn]] void serve_in_child(unsigned threads, std::int64_t longest_delay_ms, int control, int report) {
  sigset_t all;
  sigfillset(&all);
  ::pthread_sigmask(SIG_BLOCK, &all, nullptr);  // the server's threads inherit it
  int status = 0;
  try {
    std::string limit_problem;
    server::raise_file_limit(65'536, limit_problem);
    auto embedded = start_embedded_server(threads, longest_delay_ms);
    const std::string url = embedded->url() + "\n";
    if (::write(report, url.data(), url.size()) != static_cast<ssize_t>(url.size())) status = 1;
    ::close(report);
    char byte = 0;
    while (status == 0) {  // until the parent closes the pipe (or dies)
      const ssize_t n = ::read(control, &byte, 1);
      if (n == 0 || (n < 0 && errno != EINTR)) break;
    }
    embedded->stop();
  } catch (const std::exception& e) {
    const std::string message = std::string("error: ") + e.what() + "\n";
    [[maybe_unused]] const auto ignored = ::write(report, message.data(), message.size());
    status = 1;
  }
  ::_exit(status);
}
}  // namespace

server_process::server_process(unsigned threads, std::int64_t longest_delay_ms) {
  int control[2], report[2];
  if (::pipe2(control, O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  if (::pipe2(report, O_CLOEXEC) != 0) {
    ::close(control[0]);
    ::close(control[1]);
    throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  }
  pid_ = ::fork();
  if (pid_ == 0) {
    ::close(control[1]);
    ::close(report[0]);
    serve_in_child(threads, longest_delay_ms, control[0], report[1]);
  }
  ::close(control[0]);
  ::close(report[1]);
  control_ = control[1];
  std::string line;
  char c = 0;
  while (pid_ > 0) {
    const ssize_t n = ::read(report[0], &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0 || c == '\n') break;
    line += c;
  }
  ::close(report[0]);
  if (pid_ < 0 || line.rfind("http://", 0) != 0) {
    const std::string why = pid_ < 0 ? std::string("fork: ") + std::strerror(errno) : line;
    stop();
    throw std::runtime_error("cannot start the delay server process: " + (why.empty() ? std::string("it ended") : why));
  }
  url_ = line;
}

server_process::~server_process() { stop(); }

void server_process::stop() noexcept {
  if (control_ >= 0) ::close(control_);
  control_ = -1;
  if (pid_ > 0) {
    while (::waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
    }
  }
  pid_ = -1;
}

}  // namespace crawlbench::cli
