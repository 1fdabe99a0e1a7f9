#include "crawlbench/simulated_run.hpp"

#include <limits>
#include <stdexcept>
#include <utility>

namespace crawlbench {

namespace {
const simulation_options& simulation_of(const crawl_config& config) {
  const auto* options = config.server.simulation();
  if (options == nullptr) throw std::invalid_argument("a simulated run needs a simulated server, not " + config.server.describe());
  return *options;
}
}  // namespace

simulated_run::simulated_run(crawl_config config, crawl_observer* observer, stop_token stop)
    : transport_(sched_, simulation_of(config)) {
  root_.emplace(run_crawl(sched_, transport_, std::move(config), observer, std::move(stop)));
}

bool simulated_run::advance(std::size_t turns) {
  // Until idle, not only until the crawl returns: the transport's timeout watches still sleep
  // then, and must end before it is destroyed (as run_virtual's loop does).
  for (std::size_t turn = 0; turn < turns; ++turn) {
    sched_.run_ready();
    if (sched_.has_ready()) continue;
    const auto deadline = sched_.next_deadline();
    if (!deadline) return true;  // done, or a deadlock take() reports
    time_.advance_to(*deadline);
  }
  return !sched_.has_ready() && !sched_.next_deadline();
}

crawl_run simulated_run::take() { return root_->result(); }

crawl_run run_simulated(crawl_config config, crawl_observer* observer, stop_token stop) {
  simulated_run run{std::move(config), observer, std::move(stop)};
  while (!run.advance(std::numeric_limits<std::size_t>::max())) {
  }
  return run.take();
}

}  // namespace crawlbench
