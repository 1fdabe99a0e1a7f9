#pragma once
// The syntax check of every URL a user gives (a delay server's base URL, a share link's base, the
// server a share link names): checked once, where it enters, so a malformed URL is refused with a
// message naming what is wrong instead of failing every request later. Reachability is not
// checked here: a URL that parses can still fail to connect, and that stays a counted failure.
// Syntax after RFC 3986 §3 (authority, IPv6 literals in brackets: §3.2.2) and RFC 9110 §4.2
// (http and https URIs); only what crawlbench needs: no user info, no IPv6 zone identifiers.
#include <cstdint>
#include <string>
#include <string_view>

#include "crawlbench/expected.hpp"

namespace crawlbench {

struct http_url {
  std::string scheme;  // "http" or "https", lower case
  std::string host;    // a name, an IPv4 address, or an IPv6 address WITHOUT its brackets
  std::uint16_t port = 0;   // 1-65535: the URL's, else the scheme's default (80, 443)
  bool port_given = false;  // the URL named its port
  std::string rest;         // the path, query and fragment as written: "" or starting "/", "?" or "#"

  // scheme://host[:port], the host in brackets when it is an IPv6 address.
  [[nodiscard]] std::string origin() const;
};

// The URL's parts, or an error naming what is wrong ("the IPv6 address ::1 needs brackets:
// http://[::1]:8080"). Never throws.
[[nodiscard]] expected<http_url> parse_http_url(std::string_view text);

// A delay server's base URL: parse_http_url, and no query or fragment (the crawl appends
// "/add?..." to it). Success, or an error saying what is wrong.
[[nodiscard]] expected<void> check_server_url(std::string_view text);

// "host" or "[host]" for an IPv6 address (it holds a ':'), for building "scheme://host:port".
[[nodiscard]] std::string url_host(std::string_view host);

// True for an IPv6 address in text form (RFC 4291 §2.2): eight groups of 1-4 hex digits, one
// "::" standing for one or more zero groups, the last two groups optionally a dotted IPv4 address.
[[nodiscard]] bool is_ipv6_address(std::string_view text) noexcept;
// True for a dotted-quad IPv4 address: four decimal numbers 0-255.
[[nodiscard]] bool is_ipv4_address(std::string_view text) noexcept;

}  // namespace crawlbench
