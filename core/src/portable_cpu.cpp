#include "crawlbench/portable_cpu.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "crawlbench/book_figures.hpp"

namespace crawlbench {

namespace {
// splitmix64's finaliser: each round depends on the last, so no compiler can skip or fold rounds.
std::uint64_t mix(std::uint64_t x) noexcept {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::uint64_t hash(std::string_view item, std::uint64_t rounds) noexcept {
  std::uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a of the item, then the rounds
  for (const char c : item) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  for (std::uint64_t r = 0; r < rounds; ++r) h = mix(h + r);
  return h;
}
}  // namespace

clock::duration bcrypt_equivalent(int cost) {
  cost = std::clamp(cost, 4, 31);  // bcrypt's own range
  if (const auto figure = mixed_book_figure_for(cost)) return from_seconds(figure->seconds_per_hash);
  const auto cost8 = mixed_book_figure_for(8)->seconds_per_hash;
  return from_seconds(cost8 * std::ldexp(1.0, cost - 8));
}

std::string portable_cpu_task::run(std::string_view item) {
  char text[64];
  std::snprintf(text, sizeof text, "p$%llu$%016llx", static_cast<unsigned long long>(rounds_),
                static_cast<unsigned long long>(hash(item, rounds_)));
  return text;
}

std::uint64_t portable_cpu_task::calibrate(const clock& time, clock::duration target) {
  volatile std::uint64_t sink = 0;  // keeps the trial's result, so the trial is not optimised away
  std::uint64_t rounds = 1 << 14;
  for (;;) {
    const auto from = time.now();
    sink = sink + hash("calibrate!", rounds);
    const auto took = time.now() - from;
    if (took >= std::chrono::milliseconds(20) || rounds >= (std::uint64_t{1} << 40)) {
      const double per_round = to_seconds(took) / static_cast<double>(rounds);
      if (per_round <= 0) return rounds;
      return std::max<std::uint64_t>(1, static_cast<std::uint64_t>(to_seconds(target) / per_round));
    }
    rounds *= 2;
  }
}

std::string portable_cpu_task::describe(int cost) {
  cost = std::clamp(cost, 4, 31);
  char text[128];
  const double ms = to_seconds(bcrypt_equivalent(cost)) * 1000;
  std::snprintf(text, sizeof text, "portable hash calibrated to %.1f ms an item (bcrypt cost %d %s)", ms, cost,
                mixed_book_figure_for(cost) ? "in the book" : "by the book's cost 8, doubled per step");
  return text;
}

}  // namespace crawlbench
