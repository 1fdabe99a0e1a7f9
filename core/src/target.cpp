#include "crawlbench/target.hpp"

#include <stdexcept>

#include "crawlbench/http_url.hpp"

namespace crawlbench {

namespace {
template <class... Ts>
struct overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
overloaded(Ts...) -> overloaded<Ts...>;
}  // namespace

bool server_target::started() const noexcept {
  const auto* embedded = std::get_if<embedded_target>(&where_);
  return embedded == nullptr || !embedded->url.empty();
}

std::string server_target::base_url() const {
  return std::visit(overloaded{[](const embedded_target& t) {
                                 if (t.url.empty()) throw std::logic_error("the embedded server was not started");
                                 return t.url;
                               },
                               [](const url_target& t) { return t.base; },
                               [](const simulated_target&) { return std::string(simulated_base_url); }},
                    where_);
}

server_target server_target::started_at(std::string url) const {
  if (!is_embedded()) return *this;
  return embedded_target{std::move(url)};
}

std::optional<std::string> server_target::check() const {
  if (const auto* url = std::get_if<url_target>(&where_)) return check_server_url(url->base);
  return std::nullopt;
}

std::string server_target::describe(std::string_view embedded_name) const {
  return std::visit(overloaded{[&](const embedded_target& t) {
                                 const std::string name(embedded_name);
                                 return t.url.empty() ? name : t.url + " (" + name + ")";
                               },
                               [](const url_target& t) { return t.base; },
                               [](const simulated_target&) { return std::string("simulated"); }},
                    where_);
}

std::string server_target::link_text() const {
  const auto* url = std::get_if<url_target>(&where_);
  return url ? url->base : std::string();
}

std::variant<server_target, std::string> parse_server_target(std::string_view text) {
  if (text.empty()) return server_target{embedded_target{}};
  if (auto problem = check_server_url(text)) return std::move(*problem);
  return server_target{url_target{std::string(text)}};
}

}  // namespace crawlbench
