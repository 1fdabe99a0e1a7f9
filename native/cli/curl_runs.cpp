#include "curl_runs.hpp"

#include <iostream>
#include <optional>

#include "cpu_thread.hpp"
#include "curl_transport.hpp"

namespace crawlbench::cli {

namespace {
// Spans keep only the kind of a failure: the reason a TLS handshake failed is said here, once a run.
void say_tls_failure(const native::curl_transport& transport, std::string_view what) {
  if (!transport.first_tls_error().empty()) std::cerr << "crawlbench: " << what << ": TLS: " << transport.first_tls_error() << "\n";
}
}  // namespace

crawl_run crawl_with_curl(const crawl_config& config, const stop_token& stop, const native::tls_trust& trust) {
  real_clock time;
  scheduler sched{time};
  native::curl_transport transport{time, stop, trust};
  auto run = native::run_on_curl(sched, transport, run_crawl(sched, transport, config, nullptr, stop));
  say_tls_failure(transport, to_string(config.strategy));
  return run;
}

mixed_result mixed_with_curl(cpu_task& cpu, const mixed_config& config, const stop_token& stop, const native::tls_trust& trust) {
  real_clock time;
  scheduler sched{time};
  native::curl_transport transport{time, stop, trust};
  std::optional<native::cpu_thread> beside;
  if (config.mode == mixed_mode::threaded) beside.emplace(sched, cpu, stop);
  auto result = native::run_on_curl(sched, transport,
                                    run_mixed(sched, transport, cpu, config, beside ? &*beside : nullptr, nullptr, stop));
  say_tls_failure(transport, to_string(config.mode));
  return result;
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
