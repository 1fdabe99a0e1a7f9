#pragma once
// What the UI asks a runner (crawl_runner.hpp) for when it runs the CPU + I/O workload.

#include <vector>

#include "crawlbench/mixed.hpp"

namespace crawlbench::ui {

// These modes one after another, each with `base` (its mode replaced), the CPU work at `cost`
// (bcrypt's natively; see crawl_runner::mixed_cpu_name()).
struct mixed_request {
  std::vector<mixed_mode> modes;
  mixed_config base;
  int cost = 8;
};

// The request's runs, in order: `base` with modes[i] as run i (the runs a mixed_feed's `run` counts).
[[nodiscard]] inline std::vector<mixed_config> mixed_runs(const mixed_request& request) {
  std::vector<mixed_config> runs(request.modes.size(), request.base);
  for (std::size_t i = 0; i < runs.size(); ++i) runs[i].mode = request.modes[i];
  return runs;
}

}  // namespace crawlbench::ui
