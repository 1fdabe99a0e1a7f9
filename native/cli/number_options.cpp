#include "number_options.hpp"

#include <charconv>
#include <optional>

namespace crawlbench::cli {

namespace {
// The whole text as a decimal number (std::from_chars: no locale, no leading spaces or '+').
std::optional<double> parse_number(const std::string& text) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::general);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}
}  // namespace

CLI::Validator whole_number(whole_range range) {
  return CLI::Validator(
      [range](std::string& text) -> std::string {
        const auto value = parse_whole(text);
        return value && range.holds(*value) ? std::string() : "must be " + range.words();
      },
      with_thousands(range.low) + " to " + with_thousands(range.high));  // the help's words
}

CLI::Validator number_from(double low, double high, std::string unit) {
  return CLI::Validator(
      [low, high, unit](std::string& text) -> std::string {
        const auto value = parse_number(text);
        return value && *value >= low && *value <= high ? std::string() : "must be " + number_range_words(low, high) + " " + unit;
      },
      range_words(low, high) + " " + unit);
}

CLI::Validator rate_number() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        const auto value = parse_number(text);
        return value && check_rate(*value) ? std::string() : "must be " + rate_words();
      },
      rate_words());
}

}  // namespace crawlbench::cli
