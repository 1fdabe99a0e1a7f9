#pragma once
// A virtual clock and a scheduler on it: the loop every deterministic test runs on.
#include <chrono>

#include "crawlbench/clock.hpp"
#include "crawlbench/scheduler.hpp"
#include "crawlbench/virtual_loop.hpp"

namespace crawlbench::test {

using namespace std::chrono_literals;

struct virtual_world {
  virtual_clock time;
  scheduler sched{time};

  template <typename T>
  T run(task<T> root) {
    return run_virtual(sched, time, std::move(root));
  }
  [[nodiscard]] double seconds() const { return to_seconds(time.now()); }
};

}  // namespace crawlbench::test
