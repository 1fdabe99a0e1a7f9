#include "target_starter.hpp"

#include <stdexcept>

namespace crawlbench::native {

expected<server_target> target_starter::start(const server_target& target) {
  if (target.started()) return target;
  if (!server_) {
    try {
      server_ = std::make_unique<embedded_server>(scheme_);
    } catch (const std::runtime_error& e) {
      return unexpected_error(std::string("cannot start the embedded delay server: ") + e.what());
    }
  }
  return target.started_at(server_->url());
}

}  // namespace crawlbench::native
