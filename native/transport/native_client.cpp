#include "native_client.hpp"

#include "crawlbench/http_url.hpp"

namespace crawlbench::native {

namespace {
// The scheme as the URL parser reads it (any case: "HTTPS://" too); a URL that does not parse was
// refused where it entered.
bool is_https(std::string_view url) {
  const auto parsed = parse_http_url(url);
  return parsed && parsed->scheme == "https";
}
}  // namespace

std::string_view to_string(native_client c) noexcept { return c == native_client::asio ? "asio" : "curl"; }

std::optional<native_client> parse_native_client(std::string_view name) noexcept {
  for (const auto c : native_clients) {
    if (to_string(c) == name) return c;
  }
  return std::nullopt;
}

expected<void> check_client_reaches(native_client client, const server_target& target, bool tls) {
  if (client != native_client::asio) return {};
  const std::string why = "--transport asio speaks http only: use --transport curl (the default) for https";
  if (tls) return unexpected_error(why + " (--tls)");
  if (const auto* list = target.url_list()) {
    for (std::size_t i = 0; i < list->urls.size(); ++i) {
      if (is_https(list->urls[i])) return unexpected_error(why + " (URL " + std::to_string(i + 1) + " of the list)");
    }
    return {};
  }
  if (is_https(target.link_text())) return unexpected_error(why + " (" + target.link_text() + ")");
  return {};
}

expected<void> check_client_trust(native_client client, const tls_trust& trust, bool tls) {
  if (client != native_client::asio || !(tls || trust.insecure || !trust.ca_file.empty())) return {};
  return unexpected_error("--tls, --cacert and --insecure are for real HTTPS (--transport curl), not --transport asio");
}

}  // namespace crawlbench::native
