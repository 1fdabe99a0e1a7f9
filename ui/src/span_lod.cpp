#include "span_lod.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace crawlbench::ui {

void merge_rows(const std::vector<span_instance>& requests, std::size_t rows_per_line, std::vector<span_instance>& out) {
  out.clear();
  rows_per_line = std::max<std::size_t>(rows_per_line, 1);
  std::array<std::vector<std::pair<float, float>>, 2> closed;  // ok, failed: [start, end]
  constexpr std::array<span_colour, 2> closed_colour = {span_colour::ok, span_colour::failed};
  for (std::size_t first = 0; first < requests.size(); first += rows_per_line) {
    const std::size_t last = std::min(requests.size(), first + rows_per_line);
    // The line's centre row, so the merged quad sits where its requests would.
    const float row = static_cast<float>(first) + static_cast<float>(last - first) / 2.0f - 0.5f;
    for (auto& intervals : closed) intervals.clear();
    float open_from = -1;  // earliest start of a request in flight; -1: none
    for (std::size_t i = first; i < last; ++i) {
      const auto& r = requests[i];
      switch (static_cast<span_colour>(static_cast<int>(r.colour))) {
        case span_colour::hidden: break;
        case span_colour::in_flight:
          open_from = open_from < 0 ? r.start_s : std::min(open_from, r.start_s);
          break;
        case span_colour::failed: closed[1].emplace_back(r.start_s, r.end_s); break;
        default: closed[0].emplace_back(r.start_s, r.end_s); break;
      }
    }
    const auto emit = [&](float start, float end, span_colour colour) {
      out.push_back({start, end, row, static_cast<float>(colour)});
    };
    for (std::size_t c = 0; c < closed.size(); ++c) {
      if (c == 1 && open_from >= 0) emit(open_from, -1, span_colour::in_flight);  // above ok, below failed
      auto& intervals = closed[c];
      if (intervals.empty()) continue;
      std::sort(intervals.begin(), intervals.end());
      auto [start, end] = intervals.front();
      for (const auto& [s, e] : intervals) {
        if (s > end) {
          emit(start, end, closed_colour[c]);
          start = s;
        }
        end = std::max(end, e);
      }
      emit(start, end, closed_colour[c]);
    }
  }
}

}  // namespace crawlbench::ui
