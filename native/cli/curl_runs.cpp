#include "curl_runs.hpp"

#include <iostream>
#include <optional>

#include "cpu_thread.hpp"
#include "curl_transport.hpp"

namespace crawlbench::cli {

crawl_run crawl_with_curl(const crawl_config& config, const stop_token& stop) {
  real_clock time;
  scheduler sched{time};
  native::curl_transport transport{time, stop};
  return native::run_on_curl(sched, transport, run_crawl(sched, transport, config, nullptr, stop));
}

mixed_result mixed_with_curl(cpu_task& cpu, const mixed_config& config, const stop_token& stop) {
  real_clock time;
  scheduler sched{time};
  native::curl_transport transport{time, stop};
  std::optional<native::cpu_thread> beside;
  if (config.mode == mixed_mode::threaded) beside.emplace(sched, cpu, stop);
  return native::run_on_curl(sched, transport,
                             run_mixed(sched, transport, cpu, config, beside ? &*beside : nullptr, nullptr, stop));
}

std::optional<server_target> start_target(native::target_starter& starter, const server_target& target,
                                          std::string_view command) {
  auto started = starter.start(target);
  if (!started) {
    std::cerr << command << ": " << started.error().message << "\n";
    return std::nullopt;
  }
  return *std::move(started);
}

}  // namespace crawlbench::cli
