#pragma once
// CPU time (user + system) of the calling thread: the crawl's loop runs on one thread, so this is
// the client's CPU, whatever an embedded server or a GUI does on theirs.
#include <sys/resource.h>

#include <algorithm>
#include <cstddef>

namespace crawlbench::native {

inline double thread_cpu_seconds() noexcept {
  rusage usage{};
  ::getrusage(RUSAGE_THREAD, &usage);
  const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// The calling thread's CPU from construction on, per request: what `crawlbench run`, the report
// and the GUI print as "cpu us/rq" (µs; `requests` 0 counts as 1).
class thread_cpu_meter {
 public:
  [[nodiscard]] double us_per_request(std::size_t requests) const noexcept {
    return (thread_cpu_seconds() - started_) * 1e6 / static_cast<double>(std::max<std::size_t>(requests, 1));
  }

 private:
  double started_ = thread_cpu_seconds();
};

}  // namespace crawlbench::native
