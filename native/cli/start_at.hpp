#pragma once
// `crawlbench run --start-at TIME`: segments on several machines (or pods) wait for one
// wall-clock instant and begin together, as k6-operator's starter starts its runners. The clocks
// of the machines must agree (NTP, chrony): `crawlbench merge` shows how far their starts were apart.
#include <string_view>

#include "crawlbench/expected.hpp"
#include "crawlbench/stop.hpp"

namespace crawlbench::cli {

// How far ahead --start-at may be: further is taken for a mistake (a wrong year, ms for s).
inline constexpr double max_start_ahead_s = 7 * 24 * 3600.0;

// TIME as seconds since the Unix epoch (UTC): ISO 8601 with a date, a time and a zone
// ("2026-12-01T06:30:00Z", "2026-12-01T07:30:00.25+01:00"; parsed with Howard Hinnant's date
// library, the C++20 <chrono> parse's original), or epoch seconds ("1796106600", "1796106600.25").
// An error saying what is wrong: no zone (machines in different zones would disagree), not a
// time, before 1970 or after 2200.
[[nodiscard]] expected<double> parse_start_at(std::string_view text);

// Success when `at` is at most max_start_ahead_s after `now_s` (both Unix seconds), else why.
[[nodiscard]] expected<void> check_start_ahead(double at, double now_s);

// Sleeps until the system clock reads `at` (Unix seconds) or `stop` is requested, waking every
// 50 ms to check; at once when `at` has passed. True when the time came, false when stopped.
bool wait_until_unix(double at, const stop_token& stop);

// The system clock now, s since the Unix epoch.
[[nodiscard]] double unix_now() noexcept;

}  // namespace crawlbench::cli
