#pragma once
// What a running crawl tells the UI (run_feed.hpp): each request as it is issued and as it
// finishes, and each run's result.

#include <cstddef>
#include <cstdint>
#include <string>

#include "crawlbench/crawl.hpp"
#include "crawlbench/result.hpp"
#include "crawlbench/ui/run_feed.hpp"

namespace crawlbench::ui {

// A request of run `run` issued at `s.started` (finished false), or finished with span `s`.
struct request_event {
  std::uint32_t run = 0;
  std::uint32_t index = 0;
  bool finished = false;
  span s;
};
[[nodiscard]] request_event issued_event(std::size_t run, std::size_t index, clock::duration at) noexcept;
[[nodiscard]] request_event finished_event(std::size_t run, std::size_t index, const span& s) noexcept;

struct crawl_run_end {
  std::size_t run = 0;
  strategy_result result;
  double client_cpu_us_per_request = 0;  // the crawl thread's CPU time over the requests; 0: not measured
  std::string failure;  // the run could not be carried out at all (e.g. no transport); else empty
};

using crawl_feed = run_feed<request_event, crawl_run_end>;
extern template class run_feed<request_event, crawl_run_end>;

// Hands one run's requests to the feed.
class feed_observer final : public crawl_observer {
 public:
  feed_observer(crawl_feed& feed, std::size_t run) noexcept : feed_(feed), run_(run) {}
  void on_issued(std::size_t index, clock::duration issued) override { feed_.push(issued_event(run_, index, issued)); }
  void on_finished(std::size_t index, const span& s) override { feed_.push(finished_event(run_, index, s)); }

 private:
  crawl_feed& feed_;
  std::size_t run_;
};

}  // namespace crawlbench::ui
