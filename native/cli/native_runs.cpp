#include "native_runs.hpp"

#include <iostream>
#include <optional>

#include "cpu_thread.hpp"

namespace crawlbench::cli {

namespace {
// Spans keep only the kind of a failure: the reason a TLS handshake failed is said here, once a run.
void say_tls_failure(const native::native_run_facts& facts, std::string_view what) {
  if (!facts.first_tls_error.empty()) std::cerr << "crawlbench: " << what << ": TLS: " << facts.first_tls_error << "\n";
}
}  // namespace

crawl_run crawl_natively(const crawl_config& config, native::native_client client, const stop_token& stop,
                         const native::tls_trust& trust) {
  real_clock time;
  scheduler sched{time};
  native::native_run_facts facts;
  auto run = native::run_on_client(
      client, sched, time, stop, trust, [&](auto& transport) { return run_crawl(sched, transport, config, nullptr, stop); }, &facts);
  say_tls_failure(facts, to_string(config.strategy));
  return run;
}

mixed_result mixed_natively(cpu_task& cpu, const mixed_config& config, native::native_client client, const stop_token& stop,
                            const native::tls_trust& trust) {
  real_clock time;
  scheduler sched{time};
  std::optional<native::cpu_thread> beside;
  if (config.mode == mixed_mode::threaded) beside.emplace(sched, cpu, stop);
  native::native_run_facts facts;
  auto result = native::run_on_client(
      client, sched, time, stop, trust,
      [&](auto& transport) { return run_mixed(sched, transport, cpu, config, beside ? &*beside : nullptr, nullptr, stop); }, &facts);
  say_tls_failure(facts, to_string(config.mode));
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
