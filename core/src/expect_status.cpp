#include "crawlbench/expect_status.hpp"

#include <algorithm>

#include "crawlbench/limits.hpp"

namespace crawlbench {

namespace {
constexpr std::size_t max_items = 100;

std::string_view trim(std::string_view text) noexcept {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// One code, 100 to 599; the error names the text.
expected<std::int32_t> status_code(std::string_view text) {
  const auto value = parse_whole(text);
  if (!value || *value < 100 || *value > 599) {
    return unexpected_error("expect-status: '" + std::string(text.substr(0, 40)) + "' is not a status code from 100 to 599");
  }
  return static_cast<std::int32_t>(*value);
}

// "200" or "300-399".
expected<status_range> status_item(std::string_view item) {
  const auto dash = item.find('-');
  auto low = status_code(trim(item.substr(0, dash)));
  if (!low) return unexpected(std::move(low).error());
  if (dash == std::string_view::npos) return status_range{*low, *low};
  auto high = status_code(trim(item.substr(dash + 1)));
  if (!high) return unexpected(std::move(high).error());
  if (*high < *low) return unexpected_error("expect-status: the range " + std::string(item) + " ends before it starts");
  return status_range{*low, *high};
}
}  // namespace

bool expected_statuses::holds(std::int32_t status) const noexcept {
  return std::any_of(ranges.begin(), ranges.end(), [status](const status_range& r) { return status >= r.low && status <= r.high; });
}

std::string expected_statuses::text() const {
  std::string out;
  for (const auto& r : ranges) {
    if (!out.empty()) out += ',';
    out += std::to_string(r.low);
    if (r.high != r.low) out += "-" + std::to_string(r.high);
  }
  return out;
}

expected<expected_statuses> parse_expect_status(std::string_view list) {
  expected_statuses out;
  out.ranges.clear();
  for (;;) {
    const auto comma = list.find(',');
    const std::string_view item = trim(list.substr(0, comma));
    if (item.empty()) return unexpected_error("expect-status: an empty item (expected codes and ranges: 200,204,300-399)");
    if (out.ranges.size() == max_items) return unexpected_error("expect-status: more than 100 items");
    auto range = status_item(item);
    if (!range) return unexpected(std::move(range).error());
    out.ranges.push_back(*range);
    if (comma == std::string_view::npos) return out;
    list.remove_prefix(comma + 1);
  }
}

}  // namespace crawlbench
