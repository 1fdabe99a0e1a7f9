#include "crawlbench/ui/server_field.hpp"

namespace crawlbench::ui {

void server_field::show(const server_target& target) {
  const std::string text = target.link_text();
  embedded = text.empty();
  if (!embedded) url = text;
}

expected<server_target> server_field::target() const {
  if (embedded) return server_target{embedded_target{}};
  auto chosen = parse_server_target(url);
  if (!chosen) return unexpected_error("server: " + chosen.error().message);
  return chosen;
}

}  // namespace crawlbench::ui
