#pragma once
// The chapter's own figures (High Performance Python, 2nd ed., ch. 8), shown beside crawlbench's:
// 1000 URLs, delay 100 ms, concurrency 100, from the book's metric_data.json, and the book's code
// re-run on a 2-core machine of the kind crawlbench is developed on (median).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "crawlbench/mixed.hpp"

namespace crawlbench {

struct book_figure {
  std::string_view strategy;
  double book_seconds;       // as printed in the book (serial: for 1000 requests)
  double rerun_seconds;      // the book's code here (serial: per request, times 1000)
  double client_cpu_us;      // the book's client CPU per request (0: not measured)
  std::string_view library;  // what the book used
};

inline constexpr book_figure book_figures[] = {
    {"serial", 102.7, 104.0, 0, "requests"},
    {"gevent", 1.142, 1.24, 540, "gevent Semaphore + iwait, urllib"},
    {"tornado", 1.171, 1.19, 250, "tornado CurlAsyncHTTPClient, max_clients=100"},
    {"aiohttp", 1.102, 1.30, 400, "asyncio.Semaphore + aiohttp ClientSession"},
};

// The figure for a strategy, for the book's configuration only (1000 x 100 ms at C=100; serial
// at any N, scaled per request).
[[nodiscard]] constexpr std::optional<book_figure> book_figure_for(std::string_view strategy) noexcept {
  for (const auto& f : book_figures) {
    if (f.strategy == strategy) return f;
  }
  return std::nullopt;
}

// The chapter's concurrency sweep: gevent, 500 requests at 50 ms, seconds per concurrency (its
// Python server saturates past about 400).
struct sweep_book_figure {
  std::size_t concurrency;
  double seconds;
};
inline constexpr std::size_t sweep_book_num = 500;
inline constexpr std::int64_t sweep_book_delay_ms = 50;
inline constexpr sweep_book_figure sweep_book_figures[] = {{1, 25.66}, {26, 1.09}, {101, 0.41}, {376, 0.39}, {401, 1.18}};

[[nodiscard]] constexpr std::optional<double> sweep_book_seconds(std::size_t concurrency) noexcept {
  for (const auto& f : sweep_book_figures) {
    if (f.concurrency == concurrency) return f.seconds;
  }
  return std::nullopt;
}

// The book's aiohttp run with its URL mistake: it printed this as a result, for 1000 x 100 ms.
inline constexpr double mistake_book_seconds = 0.2419;
inline constexpr std::size_t mistake_book_bytes = 97'000;

// The chapter's CPU + I/O table: bcrypt at a cost, each result POSTed to a server that sleeps
// 100 ms. Seconds.
struct mixed_book_figure {
  int cost;
  std::size_t items;
  double seconds_per_hash, noio, serial, batched, async;
};

inline constexpr mixed_book_figure mixed_book_figures[] = {
    {8, 600, 0.0156, 9.370, 71.030, 10.217, 9.770},
    {10, 400, 0.0623, 24.937, 66.045, 25.484, 25.226},
    {11, 400, 0.1244, 49.767, 90.864, 50.375, 50.133},
    {12, 400, 0.2487, 99.494, 140.641, 100.291, 99.915},
};

[[nodiscard]] constexpr std::optional<mixed_book_figure> mixed_book_figure_for(int cost) noexcept {
  for (const auto& f : mixed_book_figures) {
    if (f.cost == cost) return f;
  }
  return std::nullopt;
}

// The book's seconds for a mode at this cost, when the run is the book's own (its item count,
// 100 ms); nothing otherwise, and for threaded (not in the book).
[[nodiscard]] constexpr std::optional<double> mixed_book_seconds(int cost, std::size_t items, std::int64_t delay_ms,
                                                                 mixed_mode mode) noexcept {
  const auto figure = mixed_book_figure_for(cost);
  if (!figure || figure->items != items || delay_ms != 100) return std::nullopt;
  switch (mode) {
    case mixed_mode::noio: return figure->noio;
    case mixed_mode::serial: return figure->serial;
    case mixed_mode::batched: return figure->batched;
    case mixed_mode::async: return figure->async;
    case mixed_mode::threaded: return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace crawlbench
