#include "crawlbench/target.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "crawlbench/http_url.hpp"
#include "crawlbench/limits.hpp"
#include "crawlbench/url_list.hpp"

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

// check()'s message for a list: empty, too long, or its first bad URL.
std::string list_problem(const url_list_target& t) {
  if (t.urls.empty()) return "the URL list is empty (a share link does not carry a list's URLs)";
  if (t.urls.size() > max_list_urls()) {
    return "the URL list has " + with_thousands(t.urls.size()) + " URLs; at most " + with_thousands(max_list_urls());
  }
  for (std::size_t i = 0; i < t.urls.size(); ++i) {
    if (auto checked = check_list_url(t.urls[i]); !checked) {
      return "URL " + std::to_string(i + 1) + " of " + std::to_string(t.urls.size()) + ": " + checked.error().message;
    }
  }
  return {};
}

// The delay every URL of the list asks, when they are all /add URLs asking the same one.
std::optional<std::int64_t> common_delay(const url_list_target& t) {
  if (t.urls.empty()) return std::nullopt;
  const auto first = add_url_delay_ms(t.urls.front());
  if (!first) return std::nullopt;
  const bool same = std::all_of(t.urls.begin(), t.urls.end(), [&](const std::string& u) { return add_url_delay_ms(u) == first; });
  return same ? first : std::nullopt;
}

// "3 URLs on http://a:1, http://b:2": the origins of a list, at most three named.
std::string describe_list(const url_list_target& t) {
  if (t.urls.empty()) return "URL list (none: a share link does not carry a list's URLs)";
  std::vector<std::string> origins;
  std::size_t more = 0;
  for (const auto& url : t.urls) {
    auto parsed = parse_http_url(url);
    const std::string origin = parsed ? parsed->origin() : std::string("?");
    if (std::find(origins.begin(), origins.end(), origin) != origins.end()) continue;
    if (origins.size() < 3) origins.push_back(origin);
    else ++more;
  }
  std::string text = with_thousands(t.urls.size()) + (t.urls.size() == 1 ? " URL on " : " URLs on ");
  for (std::size_t i = 0; i < origins.size(); ++i) text += (i ? ", " : "") + origins[i];
  if (more > 0) text += " and " + with_thousands(more) + " more";
  return text;
}
}  // namespace

server_target::server_target(url_list_target t) {
  auto state = std::make_shared<detail::url_list_state>();
  state->problem = list_problem(t);
  state->common_delay_ms = common_delay(t);
  state->list = std::move(t);
  where_ = std::shared_ptr<const detail::url_list_state>(std::move(state));
}

std::optional<std::int64_t> server_target::list_delay_ms() const noexcept {
  const auto* list = std::get_if<std::shared_ptr<const detail::url_list_state>>(&where_);
  return list ? (*list)->common_delay_ms : std::nullopt;
}

bool operator==(const server_target& a, const server_target& b) {
  const auto* la = a.url_list();
  const auto* lb = b.url_list();
  if (la || lb) return la && lb && (la == lb || *la == *lb);
  return a.where_ == b.where_;
}

bool server_target::started() const noexcept {
  const auto* embedded = std::get_if<embedded_target>(&where_);
  return embedded == nullptr || !embedded->url.empty();
}

std::string server_target::base_url() const {
  if (const auto* url = std::get_if<url_target>(&where_)) return url->base;
  if (is_simulated()) return std::string(simulated_base_url);
  if (is_url_list()) throw std::logic_error("a URL list has no base URL: each request has its own (request_url)");
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
  if (const auto* list = std::get_if<std::shared_ptr<const detail::url_list_state>>(&where_)) {
    if (!(*list)->problem.empty()) return unexpected_error((*list)->problem);
  }
  return {};
}

std::string server_target::describe(std::string_view embedded_name) const {
  if (const auto* url = std::get_if<url_target>(&where_)) return url->base;
  if (const auto* options = simulation()) return describe_simulation(*options);
  if (const auto* list = url_list()) return describe_list(*list);
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
