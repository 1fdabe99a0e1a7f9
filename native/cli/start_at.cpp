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

// Digits, with at most one '.' and digits after it: epoch seconds.
std::optional<double> epoch_seconds(std::string_view text) {
  double value = 0;
  if (text.empty() || text.find_first_not_of("0123456789.") != std::string_view::npos) return std::nullopt;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::fixed);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// A zone: "Z" (0), or an offset "+hh:mm", "+hhmm" or "+hh" east of UTC, hours 0 to 23 and minutes
// 0 to 59 (RFC 3339 section 5.6); seconds, or nothing when `zone` is none of those.
std::optional<int> zone_seconds(std::string_view zone) {
  if (zone == "Z") return 0;
  if (zone.empty()) return std::nullopt;
  std::string digits;
  for (const char c : zone.substr(1)) {
    if (c != ':') digits.push_back(c);
  }
  const bool shape = (zone.size() == 3 || (zone.size() == 5 && zone[3] != ':') || (zone.size() == 6 && zone[3] == ':')) &&
                     digits.find_first_not_of("0123456789") == std::string::npos;
  if (!shape || (zone[0] != '+' && zone[0] != '-')) return std::nullopt;
  const int hours = std::stoi(digits.substr(0, 2)), minutes = digits.size() > 2 ? std::stoi(digits.substr(2)) : 0;
  if (hours > 23 || minutes > 59) return std::nullopt;
  return (zone[0] == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
}

// "YYYY-MM-DDTHH:MM:SS[.fraction]" read as UTC, nanoseconds kept; a leap second (:60) is the
// second after :59. Seconds since the epoch, or nothing.
std::optional<double> utc_seconds(std::string local) {
  double leap = 0;
  if (local.size() >= 19 && local.compare(17, 2, "60") == 0) {
    local.replace(17, 2, "59");
    leap = 1;
  }
  std::istringstream in{local};
  date::sys_time<std::chrono::nanoseconds> at;
  in >> date::parse("%FT%T", at);
  if (in.fail() || in.peek() != std::char_traits<char>::eof()) return std::nullopt;
  return std::chrono::duration<double>(at.time_since_epoch()).count() + leap;
}

// An ISO 8601 / RFC 3339 date-time with a zone, T or a space between date and time, t and z in
// either case, a comma or a point before the fraction.
expected<double> iso_seconds(std::string text, const std::string& quoted) {
  for (char& c : text) c = c == 't' || c == ' ' ? 'T' : c == 'z' ? 'Z' : c == ',' ? '.' : c;
  const auto sign = text.find_first_of("+-", 10);
  const std::size_t zone_at = text.ends_with('Z') ? text.size() - 1 : sign == std::string::npos ? text.size() : sign;
  const auto local = utc_seconds(text.substr(0, zone_at));
  if (local && zone_at == text.size()) {
    return unexpected_error(quoted + " has no zone: end it with Z (UTC) or an offset such as +01:00");
  }
  const auto zone = zone_seconds(std::string_view(text).substr(zone_at));
  if (!local || !zone) {
    return unexpected_error(quoted + " is not a time: give ISO 8601 with a zone (2026-12-01T06:30:00Z, +01:00 or +0100) or "
                                     "epoch seconds (1796106600)");
  }
  return *local - *zone;
}
}  // namespace

expected<double> parse_start_at(std::string_view text) {
  const std::string quoted = "'" + std::string(text) + "'";
  const auto epoch = epoch_seconds(text);
  expected<double> at = epoch ? expected<double>(*epoch) : iso_seconds(std::string(text), quoted);
  if (!at) return at;
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
