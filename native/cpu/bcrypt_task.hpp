#pragma once
// The book's CPU work, for real: bcrypt (libxcrypt's crypt_rn with a "$2b$" setting) at a cost
// of 4 to 31, each 2^cost rounds. The salt comes from a seeded generator, so a run is repeatable.
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <string_view>

#include "crawlbench/mixed.hpp"

namespace crawlbench::native {

class bcrypt_task final : public cpu_task {
 public:
  static constexpr int min_cost = 4, max_cost = 31;
  // Throws std::invalid_argument for a cost out of range.
  explicit bcrypt_task(int cost, std::uint64_t seed = 1);
  ~bcrypt_task() override;

  // "$2b$<cost>$<salt><hash>": 60 characters. Throws std::runtime_error if libxcrypt fails.
  [[nodiscard]] std::string run(std::string_view item) override;
  [[nodiscard]] std::string name() const override { return "bcrypt cost " + std::to_string(cost_); }

 private:
  struct scratch;  // libxcrypt's crypt_data, 32 kB: allocated once
  int cost_;
  std::mt19937_64 random_;
  std::unique_ptr<scratch> scratch_;
};

}  // namespace crawlbench::native
