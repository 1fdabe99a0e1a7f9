#pragma once
// CPU work any platform can run, for the browser, which has no bcrypt: an integer hash of the
// item iterated `rounds` times, with `rounds` calibrated on the machine at hand so that one item
// takes as long as a bcrypt hash of a chosen cost took in the book. It is not bcrypt and claims no
// security; it keeps a core busy for a known time per item, which is all the workload needs.

#include <cstdint>
#include <string>
#include <string_view>

#include "crawlbench/clock.hpp"
#include "crawlbench/mixed.hpp"

namespace crawlbench {

// The time per item that stands for bcrypt at `cost`: the book's seconds per hash when the book
// measured that cost (8, 10, 11, 12), else cost 8's doubled (halved) per step up (down). A cost
// outside bcrypt's 4 to 31 counts as the nearest of them.
[[nodiscard]] clock::duration bcrypt_equivalent(int cost);

class portable_cpu_task final : public cpu_task {
 public:
  portable_cpu_task(std::uint64_t rounds, int cost) : rounds_(rounds), cost_(cost) {}
  // "p$<rounds>$<16 hex digits>": the same for the same item and rounds.
  [[nodiscard]] std::string run(std::string_view item) override;
  [[nodiscard]] std::string name() const override { return describe(cost_); }
  [[nodiscard]] std::uint64_t rounds() const noexcept { return rounds_; }

  // The rounds one item needs to take `target` on this machine, measured on `time` (a real clock):
  // doubles a trial until it takes at least 20 ms, then scales. At least 1.
  [[nodiscard]] static std::uint64_t calibrate(const clock& time, clock::duration target);
  // "portable hash calibrated to 15.6 ms an item (bcrypt cost 8 in the book)"
  [[nodiscard]] static std::string describe(int cost);

 private:
  std::uint64_t rounds_;
  int cost_;
};

}  // namespace crawlbench
