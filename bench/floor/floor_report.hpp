#pragma once
// Wall time and this process's CPU time over a floor benchmark, printed as one line.

#include <sys/resource.h>

#include <chrono>
#include <cstdio>

namespace crawlbench::bench {

class floor_meter {
 public:
  floor_meter() : wall_start_(std::chrono::steady_clock::now()), cpu_start_(cpu_seconds()) {}

  void report(const char* client, long requests, long concurrency) const {
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start_).count();
    const double cpu = cpu_seconds() - cpu_start_;
    std::printf("%s: %ld requests at C=%ld in %.3f s, %.0f requests/s, CPU %.1f us/request\n", client, requests,
                concurrency, wall, static_cast<double>(requests) / wall, cpu / static_cast<double>(requests) * 1e6);
  }

 private:
  static double cpu_seconds() {
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
  }

  std::chrono::steady_clock::time_point wall_start_;
  double cpu_start_;
};

}  // namespace crawlbench::bench
