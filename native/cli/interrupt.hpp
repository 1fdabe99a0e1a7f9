#pragma once
// Ctrl-C during `crawlbench run`: the run in progress is cancelled (its requests in flight end as
// `cancelled`, the rest are not sent), later runs are skipped, and what was done is still printed
// and written; the exit status is 130 (128 + SIGINT), "interrupted". A second Ctrl-C is not
// caught: it ends the process at once, as usual.
#include <signal.h>

#include "crawlbench/crawl.hpp"
#include "curl_transport.hpp"

namespace crawlbench::cli {

class interrupt_guard {
 public:
  interrupt_guard();   // installs the SIGINT handler
  ~interrupt_guard();  // restores the previous action
  interrupt_guard(const interrupt_guard&) = delete;
  interrupt_guard& operator=(const interrupt_guard&) = delete;

  [[nodiscard]] static bool interrupted() noexcept;
  // The transport a SIGINT cancels, for as long as it runs (nullptr: none).
  static void watch(native::curl_transport* transport) noexcept;
};

// Stops issuing requests once interrupted (core's crawl_observer); reports nothing.
class interrupt_observer final : public crawl_observer {
 public:
  void on_issued(std::size_t, clock::duration) override {}
  void on_finished(std::size_t, const span&) override {}
  [[nodiscard]] bool stop_requested() const noexcept override { return interrupt_guard::interrupted(); }
};

}  // namespace crawlbench::cli
