#pragma once
// The simulated delay server's knobs (simulated_transport.hpp): carried by a simulated target
// (target.hpp), so a crawl, a share link and the worker protocol say how a simulated run was made.
#include <cstddef>
#include <chrono>
#include <cmath>
#include <cstdint>

#include "crawlbench/clock.hpp"

namespace crawlbench {

struct simulation_options {
  clock::duration round_trip{};  // network round trip, half each way
  clock::duration connect{};     // opening a connection: every fresh request, and a pooled one with none idle
  // The server serves this many requests at once and queues the rest (0: unlimited). At 1, every
  // strategy is as slow as serial: the book's "a service that cannot handle many connections".
  std::size_t server_concurrency = 0;
  // Each request sleeps delay + uniform[0, jitter): a server whose latency varies, which is what
  // separates stop-and-go batching from a semaphore. Reproducible for a seed.
  clock::duration jitter{};
  // TLS on every new connection, as https: the handshake's round trips after the connect (0: plain
  // http; 1 as TLS 1.3, 2 as TLS 1.2), then `tls_cpu` of the client's CPU. The crawler has one
  // thread, so handshakes take their CPU one at a time, first come first served.
  std::size_t tls_round_trips = 0;
  clock::duration tls_cpu{};
  std::uint64_t seed = 1;

  friend bool operator==(const simulation_options&, const simulation_options&) = default;
};

// A knob a user gives in ms (--sim-rtt 3, the run panel, a share link), as a duration rounded to
// the microsecond: 3 ms must be 3,000,000 ns wherever it is read, or the jitter's random draws
// (uniform below the jitter's count of ns) differ between the CLI, a link and Run again. NaN is 0;
// the range is checked by check_simulation.
[[nodiscard]] inline clock::duration simulation_ms(double ms) noexcept {
  const auto us = ms != ms ? 0.0 : ms * 1000.0;
  constexpr double reach = 1e15;  // far past any valid knob, well inside the clock's range
  return std::chrono::microseconds(std::llround(us < -reach ? -reach : us > reach ? reach : us));
}

}  // namespace crawlbench
