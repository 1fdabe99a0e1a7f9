#include "curl_runs.hpp"

#include <optional>

#include "cpu_thread.hpp"
#include "curl_transport.hpp"
#include "interrupt.hpp"

namespace crawlbench::cli {

crawl_run crawl_with_curl(const crawl_config& config) {
  real_clock time;
  scheduler sched{time};
  native::curl_transport transport{time};
  interrupt_observer observer;
  interrupt_guard::watch(&transport);
  struct unwatch {
    ~unwatch() { interrupt_guard::watch(nullptr); }
  } unwatch_at_end;
  return native::run_on_curl(sched, transport, run_crawl(sched, transport, config, &observer));
}

mixed_result mixed_with_curl(cpu_task& cpu, const mixed_config& config) {
  real_clock time;
  scheduler sched{time};
  native::curl_transport transport{time};
  std::optional<native::cpu_thread> beside;
  if (config.mode == mixed_mode::threaded) beside.emplace(sched, cpu);
  return native::run_on_curl(sched, transport, run_mixed(sched, transport, cpu, config, beside ? &*beside : nullptr));
}

}  // namespace crawlbench::cli
