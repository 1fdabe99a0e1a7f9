#pragma once
// CPU time (user + system) of the calling thread: the crawl's loop runs on one thread, so this is
// the client's CPU, whatever an embedded server or a GUI does on theirs.
#include <sys/resource.h>

namespace crawlbench::native {

inline double thread_cpu_seconds() noexcept {
  rusage usage{};
  ::getrusage(RUSAGE_THREAD, &usage);
  const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

}  // namespace crawlbench::native
