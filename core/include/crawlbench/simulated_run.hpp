#pragma once
// A crawl of the simulated delay server (simulated_transport.hpp) in virtual time, owning its
// clock, scheduler and transport. advance() runs it in slices, so that a caller whose thread has
// other work (the browser's crawl worker: its messages, Stop) stays responsive; run_simulated()
// runs it whole.
#include <cstddef>
#include <optional>

#include "crawlbench/crawl.hpp"
#include "crawlbench/detail/root.hpp"
#include "crawlbench/scheduler.hpp"
#include "crawlbench/simulated_transport.hpp"
#include "crawlbench/stop.hpp"

namespace crawlbench {

class simulated_run {
 public:
  // `config`'s server must be simulated (its options are the simulator's knobs): anything else
  // throws std::invalid_argument, as does a config that does not validate(). `observer`, when
  // given, must outlive the run; it sees virtual times.
  explicit simulated_run(crawl_config config, crawl_observer* observer = nullptr, stop_token stop = {});
  simulated_run(const simulated_run&) = delete;
  simulated_run& operator=(const simulated_run&) = delete;

  // Runs what is ready and jumps the virtual clock to the next timer, `turns` times at most.
  // True once nothing is left to run: the crawl has ended (then take() it).
  bool advance(std::size_t turns);
  // The run; rethrows what the crawl threw. Only after advance() returned true.
  [[nodiscard]] crawl_run take();

 private:
  virtual_clock time_;
  scheduler sched_{time_};
  simulated_transport transport_;
  std::optional<detail::root<crawl_run>> root_;  // destroyed before the transport it uses
};

// The whole run at once (the CLI's and the native GUI's --transport sim).
[[nodiscard]] crawl_run run_simulated(crawl_config config, crawl_observer* observer = nullptr, stop_token stop = {});

}  // namespace crawlbench
