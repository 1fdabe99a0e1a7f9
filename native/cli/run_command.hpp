#pragma once
// `crawlbench run`: crawl with each chosen strategy (and each concurrency of a sweep), print the
// table, and exit 0 only when every request succeeded.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "crawlbench/crawl.hpp"
#include "crawlbench/simulated_transport.hpp"

namespace crawlbench::cli {

struct run_options {
  std::string server;  // empty: an embedded delay server (curl), the simulated one (sim)
  std::vector<strategy_kind> strategies{all_strategies.begin(), all_strategies.end()};
  std::size_t num = 1000;
  std::size_t serial_num = 50;  // serial takes N·delay; 0 runs the full N
  std::int64_t delay_ms = 100;
  std::vector<std::size_t> concurrency{100};
  double rate_rps = 0;
  std::int64_t timeout_ms = 30'000;
  std::uint64_t seed = 1;
  std::string transport = "curl";
  simulation_options sim;
  bool json = false;
  bool csv = false;
  std::string out;  // also write the result JSON with spans here
};

// The process exit code: 0 all succeeded, 1 some request failed or the output could not be written.
[[nodiscard]] int run_command(const run_options& options);

}  // namespace crawlbench::cli
