#include "epoll_faults.hpp"

#include <sys/epoll.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace {
thread_local int add_error = 0;
thread_local int wait_error = 0;
thread_local int waits_to_fail = 0;
thread_local int waits_failed = 0;
}  // namespace

extern "C" int epoll_ctl(int epoll_fd, int op, int fd, epoll_event* event) noexcept {
  if (op == EPOLL_CTL_ADD && add_error != 0) {
    errno = add_error;
    return -1;
  }
  return static_cast<int>(::syscall(SYS_epoll_ctl, epoll_fd, op, fd, event));
}

extern "C" int epoll_wait(int epoll_fd, epoll_event* events, int capacity, int timeout_ms) {
  if (waits_to_fail > 0) {
    --waits_to_fail;
    ++waits_failed;
    errno = wait_error;
    return -1;
  }
  // epoll_pwait with no mask is epoll_wait, and exists on every architecture (epoll_wait does not).
  return static_cast<int>(::syscall(SYS_epoll_pwait, epoll_fd, events, capacity, timeout_ms, nullptr, 8));
}

namespace crawlbench::test {

failing_epoll_add::failing_epoll_add(int error) noexcept { add_error = error; }
failing_epoll_add::~failing_epoll_add() { add_error = 0; }

failing_epoll_wait::failing_epoll_wait(int error, int count) noexcept {
  wait_error = error;
  waits_to_fail = count;
  waits_failed = 0;
}
failing_epoll_wait::~failing_epoll_wait() { waits_to_fail = 0; }
int failing_epoll_wait::failed() const noexcept { return waits_failed; }

}  // namespace crawlbench::test
