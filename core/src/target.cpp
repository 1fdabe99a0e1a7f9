#include "crawlbench/target.hpp"

#include <stdexcept>

#include "crawlbench/http_url.hpp"

namespace crawlbench {

bool server_target::started() const noexcept {
  const auto* embedded = std::get_if<embedded_target>(&where_);
  return embedded == nullptr || !embedded->url.empty();
}

std::string server_target::base_url() const {
  if (const auto* url = std::get_if<url_target>(&where_)) return url->base;
  if (is_simulated()) return std::string(simulated_base_url);
  const auto& embedded = std::get<embedded_target>(where_);
  if (embedded.url.empty()) throw std::logic_error("the embedded server was not started");
  return embedded.url;
}

server_target server_target::started_at(std::string url) const {
  if (!is_embedded()) return *this;
  return embedded_target{std::move(url)};
}

expected<void> server_target::check() const {
  if (const auto* url = std::get_if<url_target>(&where_)) return check_server_url(url->base);
  return {};
}

std::string server_target::describe(std::string_view embedded_name) const {
  if (const auto* url = std::get_if<url_target>(&where_)) return url->base;
  if (is_simulated()) return "simulated";
  const std::string name(embedded_name);
  const auto& embedded = std::get<embedded_target>(where_);
  return embedded.url.empty() ? name : embedded.url + " (" + name + ")";
}

std::string server_target::link_text() const {
  const auto* url = std::get_if<url_target>(&where_);
  return url ? url->base : std::string();
}

expected<server_target> parse_server_target(std::string_view text) {
  if (text.empty()) return server_target{embedded_target{}};
  if (auto url = check_server_url(text); !url) return unexpected(std::move(url).error());
  return server_target{url_target{std::string(text)}};
}

}  // namespace crawlbench
