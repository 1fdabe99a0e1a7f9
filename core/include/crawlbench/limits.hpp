#pragma once
// The ranges of the numbers a user gives crawlbench: CLI flags, the GUI's fields, the web page's
// config, share links and result files all check against these, and say the range in the same
// words. docs/reliability.md lists them.

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "crawlbench/expected.hpp"

namespace crawlbench {

// Whole numbers from `low` to `high`, both included.
struct whole_range {
  std::uint64_t low = 0;
  std::uint64_t high = std::numeric_limits<std::uint64_t>::max();

  [[nodiscard]] constexpr bool holds(std::uint64_t v) const noexcept { return v >= low && v <= high; }
  [[nodiscard]] constexpr bool holds_signed(std::int64_t v) const noexcept {
    return v >= 0 && holds(static_cast<std::uint64_t>(v));
  }
  // "a whole number from 1 to 10,000,000"
  [[nodiscard]] std::string words() const;
};

inline constexpr whole_range num_range{1, 10'000'000};          // requests per run
inline constexpr whole_range serial_num_range{0, 10'000'000};   // 0: as many as num
inline constexpr whole_range concurrency_range{1, 1'000'000};   // requests (or POSTs) in flight
inline constexpr whole_range delay_ms_range{0, 3'600'000};      // the server's sleep: up to an hour
inline constexpr whole_range timeout_ms_range{0, 3'600'000};    // 0: none
inline constexpr whole_range server_limit_range{0, 1'000'000};  // simulated server; 0: unlimited
inline constexpr whole_range tls_round_trips_range{0, 3};  // simulated TLS: 0 off, 1 as TLS 1.3, 2 as 1.2
inline constexpr whole_range seed_range{};                      // any 64-bit value: 0 to 2^64 - 1
inline constexpr whole_range items_range{1, 10'000'000};        // CPU + I/O items
inline constexpr whole_range batch_range{1, 1'000'000};         // CPU + I/O batch

// The rate strategy: 0 means concurrency / delay; else at least a request every 1000 s and at most
// a million a second (the clock's nanoseconds then still space them 1000 apart).
inline constexpr double min_rate_rps = 0.001;
inline constexpr double max_rate_rps = 1'000'000;
// The simulated network's round trip, connect cost and jitter, ms: up to a minute each.
inline constexpr double max_sim_ms = 60'000;
// The longest run crawlbench accepts, s (about 116 days): its lower bound, ceil(N/C)·delay or for
// rate (N−1)/R + delay, must not exceed it. Far below the clock's 292 years, so that nothing derived
// from a run (deadlines, a simulated server's queue) can overflow it.
inline constexpr double max_run_seconds = 10'000'000;

// 10000000 as "10,000,000".
[[nodiscard]] std::string with_thousands(std::uint64_t value);

// Success when `value` is in `range`, else the error "<name>: must be a whole number from 1 to 10,000,000".
[[nodiscard]] expected<void> check_whole(std::string_view name, std::uint64_t value, whole_range range);
[[nodiscard]] expected<void> check_whole_signed(std::string_view name, std::int64_t value, whole_range range);
// The words of the rate's range: "0 (concurrency / delay) or from 0.001 to 1,000,000 requests/s".
[[nodiscard]] std::string rate_words();
// Success for 0 or a finite rate in [min_rate_rps, max_rate_rps], else the error "rate: must be " + rate_words().
[[nodiscard]] expected<void> check_rate(double rate_rps);
// "0 to 60,000", and "a number from 0 to 60,000"
[[nodiscard]] std::string range_words(double low, double high);
[[nodiscard]] std::string number_range_words(double low, double high);
// Success when `value` is finite and in [low, high], else the error "<name>: must be a number from <low> to <high> <unit>".
[[nodiscard]] expected<void> check_number(std::string_view name, double value, double low, double high,
                                          std::string_view unit);

// Plain decimal digits ("0x10", "1e3", "-1", " 5" and values past 2^64 - 1 are not): the value, or nothing.
[[nodiscard]] std::optional<std::uint64_t> parse_whole(std::string_view text) noexcept;

}  // namespace crawlbench
