#include "start_at.hpp"

#include <date/date.h>

#include <charconv>
#include <chrono>
#include <cmath>
#include <sstream>
#include <string>
#include <thread>

namespace crawlbench::cli {

namespace {
// 1970 to 2200: a start time anyone means.
constexpr double latest_unix_s = 7'258'118'400.0;  // 2200-01-01T00:00:00Z

std::optional<double> epoch_seconds(std::string_view text) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::fixed);
  if (error != std::errc{} || end != text.data() + text.size() || text.empty() || text.front() == '-') return std::nullopt;
  return value;
}

// An ISO 8601 date-time with its zone: "Z" or an offset "+hh:mm" / "-hh:mm".
std::optional<double> iso_seconds(std::string_view text) {
  using sys_us = date::sys_time<std::chrono::microseconds>;
  for (const char* format : {"%FT%TZ", "%FT%T%Ez", "%F %TZ", "%F %T%Ez"}) {
    std::istringstream in{std::string(text)};
    sys_us at;
    in >> date::parse(format, at);
    if (!in.fail() && in.peek() == std::char_traits<char>::eof()) {
      return std::chrono::duration<double>(at.time_since_epoch()).count();
    }
  }
  return std::nullopt;
}
}  // namespace

expected<double> parse_start_at(std::string_view text) {
  const std::string quoted = "'" + std::string(text) + "'";
  std::optional<double> at = epoch_seconds(text);
  if (!at && text.find_first_of("T ") != std::string_view::npos) {
    at = iso_seconds(text);
    if (!at && text.back() != 'Z' && text.find_first_of("+-", 10) == std::string_view::npos) {
      return unexpected_error(quoted + " has no zone: end it with Z (UTC) or an offset such as +01:00");
    }
  }
  if (!at) {
    return unexpected_error(quoted + " is not a time: give ISO 8601 with a zone (2026-12-01T06:30:00Z) or epoch seconds (1764570600)");
  }
  if (!std::isfinite(*at) || *at < 0 || *at > latest_unix_s) return unexpected_error(quoted + " is not between 1970 and 2200");
  return *at;
}

expected<void> check_start_ahead(double at, double now_s) {
  if (at - now_s > max_start_ahead_s) {
    return unexpected_error("--start-at is " + std::to_string(static_cast<long long>((at - now_s) / 3600)) +
                            " hours ahead; at most 7 days (a wrong date?)");
  }
  return {};
}

double unix_now() noexcept {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

bool wait_until_unix(double at, const stop_token& stop) {
  for (;;) {
    if (stop.stop_requested()) return false;
    const double left = at - unix_now();
    if (left <= 0) return true;
    std::this_thread::sleep_for(std::chrono::duration<double>(std::min(left, 0.05)));
  }
}

}  // namespace crawlbench::cli
