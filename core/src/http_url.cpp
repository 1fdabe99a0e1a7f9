#include "crawlbench/http_url.hpp"

#include <algorithm>
#include <cctype>

namespace crawlbench {

namespace {
bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_hex(char c) noexcept { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }
bool is_name_char(char c) noexcept {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.' || c == '_';
}
std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// What follows "http://" or "https://", the scheme set in lower case; false for any other start.
bool strip_scheme(std::string_view& text, std::string& scheme) {
  const auto colon = text.find("://");
  if (colon == std::string_view::npos) return false;
  scheme = lower(text.substr(0, colon));
  if (scheme != "http" && scheme != "https") return false;
  text.remove_prefix(colon + 3);
  return true;
}

// The port's digits: 1-65535, or an error.
expected<std::uint16_t> port_of(std::string_view digits) {
  if (digits.empty()) return unexpected_error("the port is empty after ':'");
  if (digits.size() > 5 || !std::all_of(digits.begin(), digits.end(), is_digit)) {
    return unexpected_error("the port \"" + std::string(digits) + "\" is not a number from 1 to 65535");
  }
  const unsigned long value = std::stoul(std::string(digits));
  if (value < 1 || value > 65535) return unexpected_error("the port " + std::string(digits) + " is not from 1 to 65535");
  return static_cast<std::uint16_t>(value);
}

// Host and port of an authority: "name", "name:80", "[::1]:80". The host without brackets, the
// port text ("" when none), or an error.
expected<std::pair<std::string, std::string_view>> split_authority(std::string_view authority, std::string_view scheme) {
  if (authority.find('@') != std::string_view::npos) {
    return unexpected_error("user names and passwords in URLs are not supported");
  }
  if (authority.empty()) return unexpected_error("the host is missing");
  if (authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return unexpected_error("the IPv6 address has no closing ']'");
    const std::string_view address = authority.substr(1, close - 1);
    if (!is_ipv6_address(address)) return unexpected_error("\"" + std::string(address) + "\" is not an IPv6 address");
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty() && after.front() != ':') {
      return unexpected_error("unexpected \"" + std::string(after) + "\" after the IPv6 address");
    }
    return std::pair{std::string(address), after.empty() ? after : after.substr(1)};
  }
  if (std::count(authority.begin(), authority.end(), ':') > 1) {
    // "::1:8080" is itself an IPv6 address, but the user meant ::1 port 8080 when the head is one
    const auto last = authority.rfind(':');
    const std::string_view head = authority.substr(0, last), tail = authority.substr(last + 1);
    const bool port_after = is_ipv6_address(head) && !tail.empty() && tail.size() <= 5 &&
                            std::all_of(tail.begin(), tail.end(), is_digit);
    const std::string_view host = port_after ? head : authority;
    return unexpected_error("the IPv6 address " + std::string(host) + " needs brackets: " + std::string(scheme) + "://[" +
                            std::string(host) + "]:" + (port_after ? std::string(tail) : std::string("PORT")));
  }
  const auto colon = authority.find(':');
  const std::string_view host = authority.substr(0, colon);
  if (host.empty()) return unexpected_error("the host is missing");
  if (!std::all_of(host.begin(), host.end(), is_name_char)) {
    return unexpected_error("the host \"" + std::string(host) + "\" has characters a host name cannot have");
  }
  const bool looks_ipv4 = std::all_of(host.begin(), host.end(), [](char c) { return is_digit(c) || c == '.'; });
  if (looks_ipv4 && !is_ipv4_address(host)) {
    return unexpected_error("\"" + std::string(host) + "\" is not an IPv4 address (four numbers 0-255)");
  }
  return std::pair{std::string(host), colon == std::string_view::npos ? std::string_view{} : authority.substr(colon + 1)};
}
}  // namespace

std::string url_host(std::string_view host) {
  return host.find(':') == std::string_view::npos ? std::string(host) : "[" + std::string(host) + "]";
}

std::string http_url::origin() const {
  return scheme + "://" + url_host(host) + (port_given ? ":" + std::to_string(port) : std::string());
}

expected<http_url> parse_http_url(std::string_view text) {
  // The URL for a message, made only on failure: a transport parses every request's URL.
  const auto quoted = [text] { return "\"" + std::string(text.substr(0, 200)) + (text.size() > 200 ? "...\"" : "\""); };
  if (text.empty()) return unexpected_error("the URL is empty");
  if (std::any_of(text.begin(), text.end(), [](unsigned char c) { return c <= ' ' || c >= 0x7f; })) {
    return unexpected_error(quoted() + " has a space or a character outside ASCII (percent-encode it)");
  }
  http_url url;
  std::string_view after_scheme = text;
  if (!strip_scheme(after_scheme, url.scheme)) return unexpected_error(quoted() + " does not start with http:// or https://");
  const auto end = after_scheme.find_first_of("/?#");
  const std::string_view authority = after_scheme.substr(0, end);
  url.rest = std::string(end == std::string_view::npos ? std::string_view{} : after_scheme.substr(end));
  auto parts = split_authority(authority, url.scheme);
  if (!parts) return unexpected_error(quoted() + ": " + parts.error().message);
  auto& [host, port] = *parts;
  url.host = std::move(host);
  url.port = url.scheme == "https" ? 443 : 80;
  if (!port.empty() || authority.back() == ':') {
    auto number = port_of(port);
    if (!number) return unexpected_error(quoted() + ": " + number.error().message);
    url.port = *number;
    url.port_given = true;
  }
  return url;
}

expected<void> check_server_url(std::string_view text) {
  auto url = parse_http_url(text);
  if (!url) return unexpected(std::move(url).error());
  if (url->rest.find_first_of("?#") != std::string::npos) {
    return unexpected_error("\"" + std::string(text) +
                            "\": a server's base URL has no query or fragment (the crawl appends /add?...)");
  }
  return {};
}

bool is_ipv4_address(std::string_view text) noexcept {
  for (int part = 0; part < 4; ++part) {
    const auto dot = text.find('.');
    if ((part == 3) != (dot == std::string_view::npos)) return false;  // exactly three dots
    const std::string_view number = text.substr(0, dot);
    if (number.empty() || number.size() > 3 || !std::all_of(number.begin(), number.end(), is_digit)) return false;
    if ((number.size() > 1 && number.front() == '0') || std::stoi(std::string(number)) > 255) return false;
    text.remove_prefix(part == 3 ? text.size() : dot + 1);
  }
  return true;
}

bool is_ipv6_address(std::string_view text) noexcept {
  if (text.size() < 2 || text.size() > 45) return false;
  int groups = 0;
  bool compressed = false;
  std::size_t i = 0;
  if (text.substr(0, 2) == "::") {
    compressed = true;
    i = 2;
  } else if (text.front() == ':') {
    return false;
  }
  while (i < text.size()) {
    const auto colon = text.find(':', i);
    const std::string_view group = text.substr(i, colon == std::string_view::npos ? std::string_view::npos : colon - i);
    if (colon == std::string_view::npos && group.find('.') != std::string_view::npos) {
      if (!is_ipv4_address(group)) return false;  // the last 32 bits as a dotted IPv4 address
      groups += 2;
      break;
    }
    if (group.empty() || group.size() > 4 || !std::all_of(group.begin(), group.end(), is_hex)) return false;
    ++groups;
    if (colon == std::string_view::npos) break;
    i = colon + 1;
    if (i < text.size() && text[i] == ':') {
      if (compressed) return false;  // "::" at most once
      compressed = true;
      ++i;
    } else if (i == text.size()) {
      return false;  // a single trailing ':'
    }
  }
  return compressed ? groups < 8 : groups == 8;
}

}  // namespace crawlbench
