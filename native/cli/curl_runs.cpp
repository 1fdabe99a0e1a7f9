#include "curl_runs.hpp"

#include <iostream>
#include <optional>
#include <stdexcept>

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

std::unique_ptr<native::embedded_server> start_embedded_server(std::int64_t longest_delay_ms, std::string_view command) {
  try {
    return std::make_unique<native::embedded_server>(longest_delay_ms);
  } catch (const std::runtime_error& e) {
    std::cerr << command << ": " << e.what() << "\n";
    return nullptr;
  }
}

}  // namespace crawlbench::cli
