#pragma once
// Which network a URL's host is on, judged from its text alone, as a browser must judge it before
// it connects: the address spaces of the Local Network Access draft (WICG, which Chromium 142 and
// later enforce: a public page needs the user's permission to reach a local or loopback one).
// A name other than localhost and *.local is judged public: what it resolves to is unknown here.
#include <string_view>

namespace crawlbench {

// Ordered from the most private: a page may reach its own space and the less private ones freely.
enum class address_space {
  loopback,        // this machine: 127.0.0.0/8, ::1, localhost and *.localhost (RFC 6761 §6.3)
  local,           // the local network: RFC 1918 (10/8, 172.16/12, 192.168/16), link-local
                   // (169.254/16, fe80::/10), IPv6 unique local (fc00::/7), mDNS names (*.local)
  public_internet  // anything else
};

// The space of `host` as http_url holds it: a name, an IPv4 address, or an IPv6 address without
// brackets (case-insensitive; an IPv4-mapped IPv6 address ::ffff:a.b.c.d is judged by its IPv4
// address). Never throws.
[[nodiscard]] address_space address_space_of(std::string_view host) noexcept;

// True when a page in `from` needs the Local Network Access permission to reach `to`: `to` is
// more private than `from` (public -> local, public -> loopback, local -> loopback).
[[nodiscard]] constexpr bool needs_local_network_access(address_space from, address_space to) noexcept {
  return static_cast<int>(to) < static_cast<int>(from);
}

// "loopback", "local" or "public": the draft's (and the fetch option targetAddressSpace's) names.
[[nodiscard]] std::string_view to_string(address_space space) noexcept;

}  // namespace crawlbench
