#pragma once
// One share of a whole run (`crawlbench run --segment I/K`), as k6's execution segments split a
// test over machines: segment I of K sends the whole run's requests I, I+K, I+2K, ... (the same
// URLs the whole run would send, so K segments merged are the whole run), with its share of the
// concurrency and, for rate, of the schedule. `crawlbench merge` puts the K results back together
// (merge.hpp).

#include <cstddef>
#include <optional>
#include <string_view>

#include "crawlbench/expected.hpp"
#include "crawlbench/limits.hpp"

namespace crawlbench {

// The most segments a run may be split into (one per machine or pod).
inline constexpr whole_range segment_count_range{1, 10'000};

struct run_segment {
  std::size_t index = 0;  // I: 0 to count - 1
  std::size_t count = 1;  // K: 1 is the whole run

  [[nodiscard]] bool whole() const noexcept { return count == 1; }
  // The whole run's request number of this segment's request `j`: index + j·count.
  [[nodiscard]] std::size_t whole_request(std::size_t j) const noexcept { return index + j * count; }
  // How many of a whole run's `num` requests this segment sends: ceil((num - index) / count).
  [[nodiscard]] std::size_t share_of_requests(std::size_t num) const noexcept {
    return index < num ? (num - index + count - 1) / count : 0;
  }
  // This segment's share of a concurrency C: C / K, one more for the first C mod K segments, so
  // the K shares sum to C and differ by at most one.
  [[nodiscard]] std::size_t share_of_concurrency(std::size_t c) const noexcept {
    return c / count + (index < c % count ? 1 : 0);
  }
  // Where this segment's rate schedule starts, in its own send intervals: request j is due at
  // (j + index / count) · count / rate, which is the whole run's request index + j·count at its
  // own time (whole_request / rate).
  [[nodiscard]] double schedule_offset() const noexcept {
    return static_cast<double>(index) / static_cast<double>(count);
  }

  friend bool operator==(const run_segment&, const run_segment&) = default;
};

// "I/K" (whole numbers, 0 <= I < K <= 10,000): the segment, or an error saying what is wrong.
[[nodiscard]] expected<run_segment> parse_segment(std::string_view text);
// Success when 0 <= index < count and count is in segment_count_range, else an error naming it.
[[nodiscard]] expected<void> check_segment(const run_segment& segment);

}  // namespace crawlbench
