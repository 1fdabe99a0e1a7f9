#include "curl_runs.hpp"

#include <iostream>
#include <optional>
#include <stdexcept>

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

std::unique_ptr<native::embedded_server> start_embedded_server(std::int64_t longest_delay_ms, std::string_view command) {
  try {
    return std::make_unique<native::embedded_server>(longest_delay_ms);
  } catch (const std::runtime_error& e) {
    std::cerr << command << ": " << e.what() << "\n";
    return nullptr;
  }
}

}  // namespace crawlbench::cli
