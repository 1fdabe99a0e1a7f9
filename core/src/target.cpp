#include "crawlbench/target.hpp"

#include <cstdio>
#include <stdexcept>

#include "crawlbench/http_url.hpp"

namespace crawlbench {

namespace {
// "simulated", with each knob that is not zero: "simulated (round trip 2 ms, server limit 10)".
std::string describe_simulation(const simulation_options& o) {
  std::string knobs;
  const auto add = [&knobs](const char* name, double value, const char* unit) {
    if (value == 0) return;
    char text[64];
    std::snprintf(text, sizeof text, "%s%s %g%s", knobs.empty() ? "" : ", ", name, value, unit);
    knobs += text;
  };
  add("round trip", to_seconds(o.round_trip) * 1000, " ms");
  add("connect", to_seconds(o.connect) * 1000, " ms");
  add("jitter", to_seconds(o.jitter) * 1000, " ms");
  add("server limit", static_cast<double>(o.server_concurrency), "");
  add("TLS round trips", static_cast<double>(o.tls_round_trips), "");
  add("TLS CPU", to_seconds(o.tls_cpu) * 1000, " ms");
  return knobs.empty() ? "simulated" : "simulated (" + knobs + ")";
}
}  // namespace

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
  if (const auto* options = simulation()) return describe_simulation(*options);
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
