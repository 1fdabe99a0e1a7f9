#pragma once
// One request as the crawler saw it. Times are relative to the start of its run.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "crawlbench/clock.hpp"
#include "crawlbench/expect_status.hpp"
#include "crawlbench/transport.hpp"

namespace crawlbench {

// Why a request did not count as a success; `ok` means status 200 with the expected body (a
// delay server's URL), or a status in the expected set (a URL list's).
enum class outcome : std::uint8_t {
  ok,
  http_error,       // a response with a status other than 200 (a URL list's: not in the expected set)
  unexpected_body,  // status 200, but not the body the server's API promises
  connection_refused,
  connection_reset,
  timeout,
  too_many_connections,
  cancelled,
  transport_error,  // any other failure below HTTP
  tls_error,        // the TLS handshake failed (transfer_error::tls)
};
inline constexpr std::size_t outcome_count = 10;

[[nodiscard]] std::string_view to_string(outcome o) noexcept;
[[nodiscard]] std::optional<outcome> parse_outcome(std::string_view name) noexcept;
// A delay server's answer: ok for status 200 with exactly `expected_body`.
[[nodiscard]] outcome classify(const response& r, std::string_view expected_body) noexcept;
// A URL list's answer: ok for a status in `expected`, whatever the body.
[[nodiscard]] outcome classify(const response& r, const expected_statuses& expected) noexcept;

struct span {
  clock::duration intended{};  // when it should have been sent: the schedule (rate), else `started`
  clock::duration queued{};
  clock::duration started{};
  clock::duration first_byte{};
  clock::duration done{};
  std::size_t body_bytes = 0;
  std::int32_t status = 0;
  std::uint8_t retries = 0;  // sent again on a new connection: its kept-alive one died (http_client.hpp)
  connection_use connection = connection_use::unknown;  // response.connection
  clock::duration connected{};  // TCP connect finished: opened and opened_tls only
  clock::duration tls_done{};   // TLS handshake finished: opened_tls only
  outcome result = outcome::ok;
  bool recorded = false;  // false until the request finished

  [[nodiscard]] clock::duration latency() const noexcept { return done - intended; }
  [[nodiscard]] bool opened_connection() const noexcept {
    return connection == connection_use::opened || connection == connection_use::opened_tls;
  }
  // The time from start to a usable connection (connect, then TLS): zero over a reused connection.
  [[nodiscard]] clock::duration connection_setup() const noexcept {
    if (connection == connection_use::opened_tls) return tls_done - started;
    return connection == connection_use::opened ? connected - started : clock::duration::zero();
  }
};

}  // namespace crawlbench
