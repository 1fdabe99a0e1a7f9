#include "crawlbench/ui/crawl_runner.hpp"

namespace crawlbench::ui {

expected<void> spread_over(std::vector<crawl_config>& runs, const std::vector<std::string>& listeners,
                           std::size_t origins) {
  if (origins <= 1) return {};
  for (const auto& config : runs) {
    if (config.server.is_url_list()) return unexpected_error("origins: a URL list names its own servers (choose 1 origin)");
  }
  if (listeners.size() < origins) {
    return unexpected_error("origins: the server offers " + std::to_string(listeners.size()) +
                            " (start crawlbench-server with --extra-ports " + std::to_string(origins - 1) + ")");
  }
  const auto end = listeners.begin() + static_cast<std::ptrdiff_t>(origins);
  for (auto& config : runs) config.mirrors.assign(listeners.begin() + 1, end);
  return {};
}

}  // namespace crawlbench::ui
