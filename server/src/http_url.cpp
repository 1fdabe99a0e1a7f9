#include "crawlbench/server/http_url.hpp"

#include <boost/asio/ip/address.hpp>

namespace crawlbench::server {

std::string authority(std::string_view host, std::uint16_t port) {
  std::string out;
  if (host.find(':') != std::string_view::npos && !host.starts_with('[')) {
    out += '[';
    for (const char c : host) out += c == '%' ? std::string_view("%25") : std::string_view(&c, 1);
    out += ']';
  } else {
    out += host;
  }
  return out + ":" + std::to_string(port);
}

std::string http_url(std::string_view host, std::uint16_t port, bool https) {
  return (https ? "https://" : "http://") + authority(host, port);
}

std::optional<std::string> canonical_address(std::string_view host) {
  const bool bracketed = host.size() >= 2 && host.front() == '[' && host.back() == ']';
  if (bracketed) host = host.substr(1, host.size() - 2);
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(std::string(host), ec);
  if (ec || (bracketed && !address.is_v6())) return std::nullopt;  // brackets are for IPv6 only
  return address.to_string();
}

std::string address_for_urls(const std::string& address) {
  boost::system::error_code ec;
  const auto parsed = boost::asio::ip::make_address(address, ec);
  if (ec || !parsed.is_unspecified()) return address;
  return parsed.is_v4() ? "127.0.0.1" : "::1";
}

}  // namespace crawlbench::server
