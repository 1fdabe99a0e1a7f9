#include "crawlbench/span.hpp"

#include <array>

namespace crawlbench {

namespace {
constexpr std::array<std::string_view, outcome_count> outcome_names = {
    "ok",      "http_error",           "unexpected_body", "connection_refused", "connection_reset",
    "timeout", "too_many_connections", "cancelled",       "transport_error",
    "tls_error"};
}

std::string_view to_string(outcome o) noexcept { return outcome_names[static_cast<std::size_t>(o)]; }

std::optional<outcome> parse_outcome(std::string_view name) noexcept {
  for (std::size_t i = 0; i < outcome_names.size(); ++i) {
    if (outcome_names[i] == name) return static_cast<outcome>(i);
  }
  return std::nullopt;
}

namespace {
// The outcome of a failure below HTTP; ok when an HTTP answer came back.
outcome transfer_outcome(const response& r) noexcept {
  switch (r.error) {
    case transfer_error::none: return outcome::ok;
    case transfer_error::connection_refused: return outcome::connection_refused;
    case transfer_error::connection_reset: return outcome::connection_reset;
    case transfer_error::timeout: return outcome::timeout;
    case transfer_error::too_many_connections: return outcome::too_many_connections;
    case transfer_error::cancelled: return outcome::cancelled;
    case transfer_error::other: return outcome::transport_error;
    case transfer_error::tls: return outcome::tls_error;
  }
  return outcome::transport_error;
}
}  // namespace

outcome classify(const response& r, std::string_view expected_body) noexcept {
  if (const outcome below = transfer_outcome(r); below != outcome::ok) return below;
  if (r.status != 200) return outcome::http_error;
  if (r.body_bytes != expected_body.size() || r.body != expected_body) return outcome::unexpected_body;
  return outcome::ok;
}

outcome classify(const response& r, const expected_statuses& expected) noexcept {
  if (const outcome below = transfer_outcome(r); below != outcome::ok) return below;
  return expected.holds(r.status) ? outcome::ok : outcome::http_error;
}

}  // namespace crawlbench
