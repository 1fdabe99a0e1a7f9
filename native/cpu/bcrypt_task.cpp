#include "bcrypt_task.hpp"

#include <crypt.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace crawlbench::native {

struct bcrypt_task::scratch {
  crypt_data data{};
};

bcrypt_task::bcrypt_task(int cost, std::uint64_t seed)
    : cost_(cost), random_(seed), scratch_(std::make_unique<scratch>()) {
  if (cost < min_cost || cost > max_cost) {
    throw std::invalid_argument("bcrypt cost: expected " + std::to_string(min_cost) + " to " + std::to_string(max_cost));
  }
}

bcrypt_task::~bcrypt_task() = default;

std::string bcrypt_task::run(std::string_view item) {
  std::array<char, 16> entropy{};
  for (auto& byte : entropy) byte = static_cast<char>(random_() & 0xff);
  std::array<char, CRYPT_GENSALT_OUTPUT_SIZE> setting{};
  if (!crypt_gensalt_rn("$2b$", static_cast<unsigned long>(cost_), entropy.data(), static_cast<int>(entropy.size()),
                        setting.data(), static_cast<int>(setting.size()))) {
    throw std::runtime_error(std::string("bcrypt: crypt_gensalt_rn: ") + std::strerror(errno));
  }
  const std::string phrase(item);
  const char* hash = crypt_rn(phrase.c_str(), setting.data(), &scratch_->data, static_cast<int>(sizeof scratch_->data));
  if (!hash || hash[0] == '*') throw std::runtime_error(std::string("bcrypt: crypt_rn: ") + std::strerror(errno));
  return hash;
}

}  // namespace crawlbench::native
