#pragma once
// The CPU + I/O modes, one file each in core/src/mixed_modes/ (as the crawl's strategies are in
// core/src/strategies/), and what they share: the run's bookkeeping (mixed_run, in mixed.cpp) and
// the context each mode is given. Internal to core.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crawlbench/async_semaphore.hpp"
#include "crawlbench/http_client.hpp"
#include "crawlbench/mixed.hpp"
#include "crawlbench/task_scope.hpp"

namespace crawlbench::detail {

// One run's bookkeeping, shared by its modes: the CPU work and the POSTs, each recorded as a
// segment (and shown to the observer) and counted into the result.
class mixed_run {
 public:
  mixed_run(scheduler& sched, transport& via, cpu_task& cpu, const mixed_config& config, mixed_observer* observer,
            stop_token stop);

  // The CPU work for item i, on this thread; its segment is recorded.
  [[nodiscard]] std::string compute(std::size_t item, std::string_view input);
  // The next result of `beside`, which worked on item i while this thread's loop went on;
  // nothing when it skipped the item (Stop).
  [[nodiscard]] task<std::optional<std::string>> computed_beside(cpu_offload& beside, std::size_t item);
  // POSTs `hash`, waits for the answer and checks that it echoes the hash back.
  [[nodiscard]] task<void> send(std::size_t item, std::string hash);
  // Sends with an async permit held until the answer is in.
  [[nodiscard]] task<void> send_holding(std::size_t item, std::string hash, async_semaphore::permit);
  // Before each item: false once stop is requested (the run is then marked stopped).
  [[nodiscard]] bool go_on();
  [[nodiscard]] const stop_token& stop() const noexcept { return stop_; }
  [[nodiscard]] mixed_result finish();

 private:
  [[nodiscard]] clock::time_point since_start(clock::time_point t) const { return clock::time_point{t - start_}; }
  void record_cpu(std::size_t item, clock::time_point from, clock::time_point to);
  void add(const mixed_segment& s);

  scheduler& sched_;
  cpu_task& cpu_;
  mixed_observer* observer_;
  stop_token stop_;
  http_client client_;
  std::string url_;
  clock::time_point start_;
  mixed_result result_;
};

// What each mode works with: the items, in order, the run that records them, and the CPU thread
// beside the loop (threaded only; null otherwise).
struct mode_context {
  scheduler& sched;
  const mixed_config& config;
  const std::vector<std::string>& items;
  mixed_run& run;
  cpu_offload* beside;

  // Between items: the browser's loop must run even in the modes without I/O in flight, or its
  // Stop and progress messages would wait for the whole mode.
  [[nodiscard]] task<void> between_items() const {
    if (config.yield_between_items) co_await sched.yield();
  }
};

task<void> mixed_noio(const mode_context& m);
task<void> mixed_serial(const mode_context& m);
task<void> mixed_batched(const mode_context& m);
task<void> mixed_async(const mode_context& m);
task<void> mixed_threaded(const mode_context& m);

// Issues every item's POST, each under a permit of `in_flight`, spawned into `sends`.
using issue_items = task<void> (*)(const mode_context& m, async_semaphore& in_flight, task_scope& sends);
// async and threaded: at most `concurrency` POSTs in flight while `issue` goes on (overlapped.cpp).
task<void> run_overlapped(const mode_context& m, issue_items issue);

}  // namespace crawlbench::detail
