#include "crawlbench/segment.hpp"

#include <string>

namespace crawlbench {

expected<void> check_segment(const run_segment& segment) {
  if (auto checked = check_whole("segment count", segment.count, segment_count_range); !checked) return checked;
  if (segment.index >= segment.count) {
    return unexpected_error("segment " + std::to_string(segment.index) + " is not one of 0 to " +
                            std::to_string(segment.count - 1) + " (I/K counts from 0)");
  }
  return {};
}

expected<run_segment> parse_segment(std::string_view text) {
  const auto slash = text.find('/');
  const auto index = parse_whole(text.substr(0, slash));
  const auto count = slash == std::string_view::npos ? std::nullopt : parse_whole(text.substr(slash + 1));
  if (!index || !count) {
    return unexpected_error("'" + std::string(text) + "' is not I/K (two whole numbers, 0 <= I < K <= " +
                            with_thousands(segment_count_range.high) + ")");
  }
  if (!segment_count_range.holds(*count)) {
    return unexpected_error("K must be " + segment_count_range.words() + ", not " + std::to_string(*count));
  }
  run_segment segment{static_cast<std::size_t>(*index), static_cast<std::size_t>(*count)};
  if (auto checked = check_segment(segment); !checked) return unexpected(std::move(checked).error());
  return segment;
}

}  // namespace crawlbench
