#include "crawlbench/limits.hpp"

#include <charconv>
#include <cmath>

#include "printf_string.hpp"

namespace crawlbench {

namespace {
// Whole values with thousands separators, others as printf's %g: "60,000", "0.001".
std::string number_words(double v) {
  if (v >= 0 && v < 1e15 && v == std::floor(v)) return with_thousands(static_cast<std::uint64_t>(v));
  return detail::printf_string("%g", v);
}
}  // namespace

std::string with_thousands(std::uint64_t value) {
  std::string digits = std::to_string(value);
  for (auto i = static_cast<std::ptrdiff_t>(digits.size()) - 3; i > 0; i -= 3) digits.insert(static_cast<std::size_t>(i), 1, ',');
  return digits;
}

std::string whole_range::words() const {
  return "a whole number from " + with_thousands(low) + " to " + with_thousands(high);
}

expected<void> check_whole(std::string_view name, std::uint64_t value, whole_range range) {
  if (range.holds(value)) return {};
  return unexpected_error(std::string(name) + ": must be " + range.words());
}

expected<void> check_whole_signed(std::string_view name, std::int64_t value, whole_range range) {
  if (range.holds_signed(value)) return {};
  return unexpected_error(std::string(name) + ": must be " + range.words());
}

std::string rate_words() {
  return "0 (concurrency / delay) or from " + number_words(min_rate_rps) + " to " + number_words(max_rate_rps) +
         " requests/s";
}

expected<void> check_rate(double rate_rps) {
  if (rate_rps == 0 || (rate_rps >= min_rate_rps && rate_rps <= max_rate_rps)) return {};
  return unexpected_error("rate: must be " + rate_words());
}

expected<void> check_number(std::string_view name, double value, double low, double high, std::string_view unit) {
  if (value >= low && value <= high) return {};  // NaN fails both
  return unexpected_error(std::string(name) + ": must be " + number_range_words(low, high) + (unit.empty() ? "" : " ") +
                          std::string(unit));
}

std::string range_words(double low, double high) { return number_words(low) + " to " + number_words(high); }

std::string number_range_words(double low, double high) { return "a number from " + range_words(low, high); }

std::optional<std::uint64_t> parse_whole(std::string_view text) noexcept {
  if (text.empty() || text.front() < '0' || text.front() > '9') return std::nullopt;  // from_chars takes '-'
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace crawlbench
