#pragma once
// What a running CPU + I/O workload (mixed.hpp) tells the UI (run_feed.hpp): each CPU or I/O
// segment as it ends, and each mode's result.

#include <cstddef>
#include <string>
#include <vector>

#include "crawlbench/mixed.hpp"
#include "crawlbench/ui/run_feed.hpp"

namespace crawlbench::ui {

struct segment_event {
  std::size_t run = 0;  // the index in the runs (crawl_runner.hpp's mixed_runs())
  mixed_segment s;
};

struct mixed_run_end {
  std::size_t run = 0;
  mixed_result result;  // its segments left out: they came as segment events
  std::string failure;  // the mode could not be run at all; else empty
  // Called by run_feed::run_ended(): gives the segments' memory back too.
  void drop_events() noexcept { std::vector<mixed_segment>().swap(result.segments); }
};

using mixed_feed = run_feed<segment_event, mixed_run_end>;
extern template class run_feed<segment_event, mixed_run_end>;

// Hands one mode's segments to the feed.
class mixed_feed_observer final : public mixed_observer {
 public:
  mixed_feed_observer(mixed_feed& feed, std::size_t run) noexcept : feed_(feed), run_(run) {}
  void on_segment(const mixed_segment& s) override { feed_.push({run_, s}); }

 private:
  mixed_feed& feed_;
  std::size_t run_;
};

}  // namespace crawlbench::ui
