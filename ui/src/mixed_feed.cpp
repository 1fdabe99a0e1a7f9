#include "crawlbench/ui/mixed_feed.hpp"

namespace crawlbench::ui {

template class run_feed<segment_event, mixed_run_end>;

}  // namespace crawlbench::ui
