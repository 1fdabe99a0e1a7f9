#include "crawlbench/ui/crawl_feed.hpp"

namespace crawlbench::ui {

template class run_feed<request_event, crawl_run_end>;

request_event issued_event(std::size_t run, std::size_t index, clock::duration at) noexcept {
  request_event e;
  e.run = static_cast<std::uint32_t>(run);
  e.index = static_cast<std::uint32_t>(index);
  e.s.started = at;
  return e;
}

request_event finished_event(std::size_t run, std::size_t index, const span& s) noexcept {
  request_event e;
  e.run = static_cast<std::uint32_t>(run);
  e.index = static_cast<std::uint32_t>(index);
  e.finished = true;
  e.s = s;
  return e;
}

}  // namespace crawlbench::ui
