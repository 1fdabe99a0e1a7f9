#include "target_starter.hpp"

#include <stdexcept>

namespace crawlbench::native {

std::variant<server_target, std::string> target_starter::start(const server_target& target) {
  if (target.started()) return target;
  if (!server_) {
    try {
      server_ = std::make_unique<embedded_server>();
    } catch (const std::runtime_error& e) {
      return std::string("cannot start the embedded delay server: ") + e.what();
    }
  }
  return target.started_at(server_->url());
}

std::optional<std::string> target_starter::start_each(std::vector<crawl_config>& runs) {
  for (auto& config : runs) {
    auto started = start(config.server);
    if (auto* problem = std::get_if<std::string>(&started)) return std::move(*problem);
    config.server = std::get<server_target>(std::move(started));
  }
  return std::nullopt;
}

}  // namespace crawlbench::native
