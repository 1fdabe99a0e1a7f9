#pragma once
// The simulated delay server's knobs (simulated_transport.hpp): carried by a simulated target
// (target.hpp), so a crawl, a share link and the worker protocol say how a simulated run was made.
#include <cstddef>
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
  std::uint64_t seed = 1;

  friend bool operator==(const simulation_options&, const simulation_options&) = default;
};

}  // namespace crawlbench
