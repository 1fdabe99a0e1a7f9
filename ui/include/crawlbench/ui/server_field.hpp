#pragma once
// The run panel's delay-server choice as the user edits it (a radio button, a URL being typed),
// and the server_target it names, resolved when Run is pressed (core/include/crawlbench/target.hpp).
#include <string>
#include <variant>

#include "crawlbench/target.hpp"

namespace crawlbench::ui {

struct server_field {
  bool embedded = true;
  std::string url = "http://127.0.0.1:8082";  // kept while embedded is chosen

  // Shows `target`: embedded, or its URL (a simulated target shows as embedded).
  void show(const server_target& target);
  // The target chosen, or "server: " and what is wrong with the URL.
  [[nodiscard]] expected<server_target> target() const;
};

}  // namespace crawlbench::ui
