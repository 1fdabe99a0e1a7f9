#include "embedded_server.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <stdexcept>

#include "crawlbench/limits.hpp"
#include "crawlbench/posix/file_limit.hpp"
#include "crawlbench/server/delay_server.hpp"
#include "crawlbench/server/self_signed.hpp"

namespace crawlbench::native {

namespace {
// Two threads: 1000 x 100 ms at C=100 took 1.022-1.032 s, against 1.033-1.042 s with one (each
// wave's 100 responses are written in parallel).
constexpr unsigned server_threads = 2;

server::server_options embedded_options() {
  server::server_options options;
  options.port = 0;
  options.threads = server_threads;
  options.metrics_file = "/dev/null";
  options.max_delay_ms = std::max(options.max_delay_ms, static_cast<std::int64_t>(delay_ms_range.high));
  return options;
}

// A new directory only this user can enter, under $TMPDIR (else /tmp).
std::string make_private_directory() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/crawlbench-tls-XXXXXX";
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp " + pattern + ": " + std::strerror(errno));
  return pattern;
}

// Closes every inherited descriptor but the standard streams and the two pipe ends, so that the
// child holds none of the parent's connections or windows open.
void close_inherited(int keep_a, int keep_b) {
  const unsigned low = static_cast<unsigned>(std::min(keep_a, keep_b)), high = static_cast<unsigned>(std::max(keep_a, keep_b));
  if (low > 3) ::close_range(3, low - 1, 0);
  if (high > low + 1) ::close_range(low + 1, high - 1, 0);
  ::close_range(high + 1, ~0U, 0);
}

[[noreturn]] void serve_in_child(const server::server_options& options, int control, int report) {
  close_inherited(control, report);
  sigset_t all;
  sigfillset(&all);
  ::pthread_sigmask(SIG_BLOCK, &all, nullptr);  // the server's threads inherit it
  int status = 0;
  try {
    // Falling short is not fatal: the connections past the limit are refused, and the crawl counts them.
    [[maybe_unused]] const auto limit = posix::raise_file_limit(65'536);
    auto embedded = std::make_unique<server::delay_server>(options);
    embedded->start();
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
    // A parent that cannot read it still sees the pipe close without a URL, and says so.
    [[maybe_unused]] const auto ignored = ::write(report, message.data(), message.size());
    status = 1;
  }
  ::_exit(status);
}
}  // namespace

embedded_server::embedded_server(embedded_scheme scheme) {
  auto options = embedded_options();
  if (scheme == embedded_scheme::https) {
    tls_dir_ = make_private_directory();
    auto files = server::make_self_signed(tls_dir_);
    if (!files) {
      stop();  // removes the directory
      throw std::runtime_error(files.error().message);
    }
    ca_file_ = files->cert_file;
    options.tls = *std::move(files);
  }
  start_child(options);
}

void embedded_server::start_child(const server::server_options& options) {
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
    serve_in_child(options, control[0], report[1]);
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
  if (pid_ < 0 || (line.rfind("http://", 0) != 0 && line.rfind("https://", 0) != 0)) {
    const std::string why = pid_ < 0 ? std::string("fork: ") + std::strerror(errno) : line;
    stop();
    throw std::runtime_error(why.empty() ? std::string("its process ended without a URL") : why);
  }
  url_ = line;
}

embedded_server::~embedded_server() { stop(); }

void embedded_server::stop() noexcept {
  if (control_ >= 0) ::close(control_);
  control_ = -1;
  if (pid_ > 0) {
    while (::waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
    }
  }
  pid_ = -1;
  if (!tls_dir_.empty()) {  // after the child ended: nothing reads the files any more
    std::error_code ignored;
    std::filesystem::remove_all(tls_dir_, ignored);
    tls_dir_.clear();
  }
}

}  // namespace crawlbench::native
