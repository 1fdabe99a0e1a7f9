#include "span_lod.hpp"

#include <algorithm>
#include <utility>

namespace crawlbench::ui {

namespace {
using intervals = std::vector<std::pair<float, float>>;  // [start, end] seconds

// One line's requests sorted by what they show, before merging.
struct line_intervals {
  intervals ok, failed, connecting, handshaking;
  float open_from = -1;  // earliest start of a request in flight; -1: none

  void clear() {
    for (auto* list : {&ok, &failed, &connecting, &handshaking}) list->clear();
    open_from = -1;
  }
  void add(const span_instance& r) {
    switch (static_cast<span_colour>(static_cast<int>(r.colour))) {
      case span_colour::hidden: break;
      case span_colour::in_flight: open_from = open_from < 0 ? r.start_s : std::min(open_from, r.start_s); break;
      case span_colour::failed: failed.emplace_back(r.start_s, r.end_s); break;
      default: ok.emplace_back(r.start_s, r.end_s); break;
    }
  }
  // The request's connect and TLS handshake, when it opened a connection (span.hpp).
  void add_connection(const span& s) {
    if (!s.opened_connection()) return;
    const auto start = static_cast<float>(to_seconds(s.started)), connected = static_cast<float>(to_seconds(s.connected));
    connecting.emplace_back(start, connected);
    if (s.connection == connection_use::opened_tls) handshaking.emplace_back(connected, static_cast<float>(to_seconds(s.tls_done)));
  }
};

// The union of `list` as the fewest quads of `colour` on `row`.
void emit_union(intervals& list, float row, span_colour colour, std::vector<span_instance>& out) {
  if (list.empty()) return;
  std::sort(list.begin(), list.end());
  const auto emit = [&](float start, float end) { out.push_back({start, end, row, static_cast<float>(colour)}); };
  auto [start, end] = list.front();
  for (const auto& [s, e] : list) {
    if (s > end) {
      emit(start, end);
      start = s;
    }
    end = std::max(end, e);
  }
  emit(start, end);
}
}  // namespace

void merge_rows(const std::vector<span_instance>& requests, const std::vector<span>& spans, std::size_t rows_per_line,
                std::vector<span_instance>& out) {
  out.clear();
  rows_per_line = std::max<std::size_t>(rows_per_line, 1);
  line_intervals line;
  for (std::size_t first = 0; first < requests.size(); first += rows_per_line) {
    const std::size_t last = std::min(requests.size(), first + rows_per_line);
    // The line's centre row, so the merged quad sits where its requests would.
    const float row = static_cast<float>(first) + static_cast<float>(last - first) / 2.0f - 0.5f;
    line.clear();
    for (std::size_t i = first; i < last; ++i) {
      line.add(requests[i]);
      if (i < spans.size()) line.add_connection(spans[i]);
    }
    emit_union(line.ok, row, span_colour::ok, out);
    if (line.open_from >= 0) out.push_back({line.open_from, -1, row, static_cast<float>(span_colour::in_flight)});
    emit_union(line.failed, row, span_colour::failed, out);
    emit_union(line.connecting, row, span_colour::connecting, out);
    emit_union(line.handshaking, row, span_colour::tls_handshake, out);
  }
}

}  // namespace crawlbench::ui
