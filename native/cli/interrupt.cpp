#include "interrupt.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <system_error>

namespace crawlbench::cli {

namespace {
// Touched by the handler: a sig_atomic_t, a descriptor and write(), all async-signal-safe.
volatile std::sig_atomic_t interrupted_flag = 0;
volatile std::sig_atomic_t signal_pipe = -1;
struct sigaction previous {};

constexpr char ctrl_c_byte = 'i';
constexpr char quit_byte = 'q';

void on_sigint(int) {
  interrupted_flag = 1;
  const int saved = errno;  // the interrupted code may be about to read errno
  [[maybe_unused]] const auto written = ::write(signal_pipe, &ctrl_c_byte, 1);
  errno = saved;
  sigaction(SIGINT, &previous, nullptr);  // a second Ctrl-C ends the process
}

// Reads the pipe until the handler's byte (stop is then requested) or the guard's quit byte.
void watch_pipe(int read_end, stop_source stop) {
  char byte = 0;
  for (;;) {
    const auto got = ::read(read_end, &byte, 1);
    if (got < 0 && errno == EINTR) continue;
    if (got == 1 && byte == ctrl_c_byte) stop.request_stop();
    return;
  }
}
}  // namespace

interrupt_guard::interrupt_guard() {
  if (::pipe2(pipe_, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "interrupt_guard: pipe2");
  interrupted_flag = 0;
  signal_pipe = pipe_[1];
  watcher_ = std::thread(watch_pipe, pipe_[0], stop_);
  struct sigaction action {};
  action.sa_handler = &on_sigint;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &previous);
}

interrupt_guard::~interrupt_guard() {
  sigaction(SIGINT, &previous, nullptr);
  [[maybe_unused]] const auto written = ::write(pipe_[1], &quit_byte, 1);  // ends the thread unless Ctrl-C did
  watcher_.join();
  signal_pipe = -1;
  ::close(pipe_[0]);
  ::close(pipe_[1]);
}

bool interrupt_guard::interrupted() noexcept { return interrupted_flag != 0; }

}  // namespace crawlbench::cli
