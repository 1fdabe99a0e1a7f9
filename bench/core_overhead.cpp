// Core overhead: the cost of the scheduler, semaphore, client queue, strategy and span recording
// per request, measured on the simulated transport in virtual time (so no network and no sleeping:
// the wall time is all crawlbench's own work).
//
//   bench_core_overhead [--num N] [--concurrency C] [--strategy NAME|all] [--repeat K]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "crawlbench/crawl.hpp"
#include "crawlbench/result.hpp"
#include "crawlbench/simulated_transport.hpp"
#include "crawlbench/virtual_loop.hpp"

using namespace crawlbench;

namespace {
struct options {
  std::size_t num = 1'000'000;
  std::size_t concurrency = 10'000;
  std::vector<strategy_kind> strategies{strategy_kind::gevent, strategy_kind::tornado, strategy_kind::aiohttp,
                                        strategy_kind::batched, strategy_kind::rate};
  int repeat = 3;
};

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr, "bench_core_overhead: %s\nusage: bench_core_overhead [--num N] [--concurrency C] "
                       "[--strategy NAME|all] [--repeat K]\n", why);
  std::exit(2);
}

options parse(int argc, char** argv) {
  options o;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (i + 1 >= argc) usage("missing value");
    const char* value = argv[++i];
    if (arg == "--num") o.num = std::strtoull(value, nullptr, 10);
    else if (arg == "--concurrency") o.concurrency = std::strtoull(value, nullptr, 10);
    else if (arg == "--repeat") o.repeat = std::atoi(value);
    else if (arg == "--strategy") {
      if (std::string_view(value) == "all") o.strategies.assign(all_strategies.begin(), all_strategies.end());
      else if (auto s = parse_strategy(value)) o.strategies = {*s};
      else usage("unknown strategy");
    } else usage("unknown option");
  }
  if (o.num == 0 || o.concurrency == 0 || o.repeat < 1) usage("num, concurrency and repeat must be positive");
  return o;
}
}  // namespace

int main(int argc, char** argv) {
  const options o = parse(argc, argv);
  std::printf("core overhead: %zu simulated requests x 100 ms, C=%zu, best of %d (wall time of crawlbench's own work)\n",
              o.num, o.concurrency, o.repeat);
  std::printf("%-9s %10s %12s %14s %10s\n", "strategy", "wall s", "ns/request", "virtual s", "errors");
  for (const auto s : o.strategies) {
    double best = 1e300;
    strategy_result last;
    for (int k = 0; k < o.repeat; ++k) {
      virtual_clock time;
      scheduler sched{time};
      simulated_transport sim{sched, {}};
      crawl_config config;
      config.strategy = s;
      config.num = o.num;
      config.concurrency = o.concurrency;
      config.delay_ms = 100;
      config.server = simulated_target{};
      const auto t0 = std::chrono::steady_clock::now();
      auto run = run_virtual(sched, time, run_crawl(sched, sim, config));
      const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      if (wall < best) best = wall;
      last = summarize(std::move(run));
    }
    std::printf("%-9s %10.3f %12.1f %14.3f %10zu\n", std::string(to_string(s)).c_str(), best,
                best * 1e9 / static_cast<double>(o.num), last.seconds, last.errors);
  }
  return 0;
}
