#pragma once
// Faults the kernel rarely gives, on demand: this test binary defines epoll_ctl and epoll_wait
// itself, so the transport's calls (linked statically) come here first and reach the kernel
// through syscall(). Armed per thread: the test servers' threads (Asio uses epoll too) are never
// affected, and a fault lasts only while its guard lives.
#include <cerrno>

namespace crawlbench::test {

// Every EPOLL_CTL_ADD on this thread fails with `error` (ENOSPC, EEXIST...) while it lives.
class failing_epoll_add {
 public:
  explicit failing_epoll_add(int error) noexcept;
  ~failing_epoll_add();
  failing_epoll_add(const failing_epoll_add&) = delete;
  failing_epoll_add& operator=(const failing_epoll_add&) = delete;
};

// The next `count` epoll_wait calls on this thread fail with `error` (EINTR, EBADF...) while it lives.
class failing_epoll_wait {
 public:
  failing_epoll_wait(int error, int count) noexcept;
  ~failing_epoll_wait();
  failing_epoll_wait(const failing_epoll_wait&) = delete;
  failing_epoll_wait& operator=(const failing_epoll_wait&) = delete;
  [[nodiscard]] int failed() const noexcept;  // calls failed so far
};

}  // namespace crawlbench::test
