#pragma once
// URLs built from an address and a port: the one place that knows an IPv6 literal needs brackets
// in a URL (RFC 3986 §3.2.2), so `::1` and port 8082 make `http://[::1]:8082`, never
// `http://::1:8082`.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace crawlbench::server {

// "HOST:PORT" as a URL's authority: an IPv6 literal (any host holding ':') in brackets, its zone
// ("fe80::1%eth0") written "%25eth0" (RFC 6874); a host already in brackets is kept as it is.
[[nodiscard]] std::string authority(std::string_view host, std::uint16_t port);

// "http://" (or with `https`, "https://") + authority(host, port), without a trailing slash.
[[nodiscard]] std::string http_url(std::string_view host, std::uint16_t port, bool https = false);

// An IPv4 or IPv6 address literal as --host takes it ("127.0.0.1", "::1", "[::1]", "fe80::1%lo";
// no names: nothing is resolved), in its canonical text without brackets; nothing when `host`
// is not one.
[[nodiscard]] std::optional<std::string> canonical_address(std::string_view host);

// The address to name in the URLs of a server listening on `address` (canonical_address() text):
// the address itself, or for a wildcard, which no client can connect to everywhere, the loopback
// address of the same family ("0.0.0.0" -> "127.0.0.1", "::" -> "::1").
[[nodiscard]] std::string address_for_urls(const std::string& address);

}  // namespace crawlbench::server
