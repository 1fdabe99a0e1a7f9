#pragma once
// Which HTTP statuses count as a success for a URL list's requests (--expect-status): a list of
// codes and ranges, "200,204,300-399"; any 2xx by default (RFC 9110 §15.3: the request
// succeeded). The delay server's own URLs keep their exact check (span.hpp: 200 and its body).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "crawlbench/expected.hpp"

namespace crawlbench {

// Status codes from `low` to `high`, both included: 100 to 599 (RFC 9110 §15: three digits).
struct status_range {
  std::int32_t low = 200;
  std::int32_t high = 299;
  friend bool operator==(const status_range&, const status_range&) = default;
};

struct expected_statuses {
  std::vector<status_range> ranges{status_range{}};  // any 2xx

  [[nodiscard]] bool holds(std::int32_t status) const noexcept;
  // "200-299" or "200,204,300-399": the text parse_expect_status reads back.
  [[nodiscard]] std::string text() const;
  friend bool operator==(const expected_statuses&, const expected_statuses&) = default;
};

// "200", "200,204", "200-299,304": codes and ranges of 100 to 599, separated by commas (spaces
// around them allowed), at most 100 items. The set, or what is wrong ("expect-status: '700' is
// not a status code from 100 to 599").
[[nodiscard]] expected<expected_statuses> parse_expect_status(std::string_view list);

}  // namespace crawlbench
