#include "curl_runs.hpp"

#include <iostream>
#include <optional>

#include "cpu_thread.hpp"
#include "curl_transport.hpp"
#include "interrupt.hpp"

namespace crawlbench::cli {

namespace {
// Ctrl-C cancels the transport's transfers while this lives.
struct watching {
  explicit watching(native::curl_transport& transport) { interrupt_guard::watch(&transport); }
  ~watching() { interrupt_guard::watch(nullptr); }
  watching(const watching&) = delete;
  watching& operator=(const watching&) = delete;
};

// Stops hashing once Ctrl-C was pressed; the POSTs in flight are the watched transport's to cancel.
class interrupt_mixed_observer final : public mixed_observer {
 public:
  void on_segment(const mixed_segment&) override {}
  [[nodiscard]] bool stop_requested() const noexcept override { return interrupt_guard::interrupted(); }
};
}  // namespace

crawl_run crawl_with_curl(const crawl_config& config) {
  real_clock time;
  scheduler sched{time};
  native::curl_transport transport{time};
  interrupt_observer observer;
  const watching cancelled_by_ctrl_c{transport};
  return native::run_on_curl(sched, transport, run_crawl(sched, transport, config, &observer));
}

mixed_result mixed_with_curl(cpu_task& cpu, const mixed_config& config) {
  real_clock time;
  scheduler sched{time};
  native::curl_transport transport{time};
  std::optional<native::cpu_thread> beside;
  if (config.mode == mixed_mode::threaded) beside.emplace(sched, cpu);
  interrupt_mixed_observer observer;
  const watching cancelled_by_ctrl_c{transport};
  return native::run_on_curl(sched, transport,
                             run_mixed(sched, transport, cpu, config, beside ? &*beside : nullptr, &observer));
}

std::optional<server_target> start_target(native::target_starter& starter, const server_target& target,
                                          std::string_view command) {
  auto started = starter.start(target);
  if (auto* problem = std::get_if<std::string>(&started)) {
    std::cerr << command << ": " << *problem << "\n";
    return std::nullopt;
  }
  return std::get<server_target>(std::move(started));
}

}  // namespace crawlbench::cli
