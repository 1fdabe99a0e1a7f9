#include "crawlbench/address_space.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <string>

#include "crawlbench/http_url.hpp"

namespace crawlbench {

namespace {
using ipv4 = std::array<std::uint8_t, 4>;
using ipv6 = std::array<std::uint16_t, 8>;

// A dotted quad's four numbers; `text` is one (is_ipv4_address).
ipv4 ipv4_bytes(std::string_view text) {
  ipv4 out{};
  for (auto& byte : out) {
    const auto dot = text.find('.');
    byte = static_cast<std::uint8_t>(std::stoi(std::string(text.substr(0, dot))));
    text.remove_prefix(dot == std::string_view::npos ? text.size() : dot + 1);
  }
  return out;
}

// The groups of one side of "::" in order, a dotted IPv4 tail counting as two groups.
void append_groups(std::string_view side, std::array<std::uint16_t, 8>& groups, std::size_t& count) {
  while (!side.empty()) {
    const auto colon = side.find(':');
    const std::string_view group = side.substr(0, colon);
    if (group.find('.') != std::string_view::npos) {
      const ipv4 b = ipv4_bytes(group);
      groups.at(count++) = static_cast<std::uint16_t>(b[0] << 8 | b[1]);
      groups.at(count++) = static_cast<std::uint16_t>(b[2] << 8 | b[3]);
    } else {
      groups.at(count++) = static_cast<std::uint16_t>(std::stoul(std::string(group), nullptr, 16));
    }
    side.remove_prefix(colon == std::string_view::npos ? side.size() : colon + 1);
  }
}

// The eight 16-bit groups of an IPv6 address in text form; `text` is one (is_ipv6_address).
ipv6 ipv6_groups(std::string_view text) {
  const auto gap = text.find("::");
  std::array<std::uint16_t, 8> head{}, tail{};
  std::size_t head_count = 0, tail_count = 0;
  append_groups(text.substr(0, gap), head, head_count);
  if (gap != std::string_view::npos) append_groups(text.substr(gap + 2), tail, tail_count);
  ipv6 out{};  // the zeros "::" stands for stay between head and tail
  std::copy_n(head.begin(), head_count, out.begin());
  std::copy_n(tail.begin(), tail_count, out.end() - static_cast<std::ptrdiff_t>(tail_count));
  return out;
}

address_space space_of(const ipv4& a) noexcept {
  if (a[0] == 127) return address_space::loopback;
  const bool rfc1918 = a[0] == 10 || (a[0] == 172 && (a[1] & 0xf0) == 16) || (a[0] == 192 && a[1] == 168);
  const bool link_local = a[0] == 169 && a[1] == 254;
  return rfc1918 || link_local ? address_space::local : address_space::public_internet;
}

address_space space_of(const ipv6& g) noexcept {
  const bool zeros_before_last = std::all_of(g.begin(), g.end() - 1, [](std::uint16_t x) { return x == 0; });
  if (zeros_before_last && g[7] == 1) return address_space::loopback;  // ::1
  const bool mapped = std::all_of(g.begin(), g.begin() + 5, [](std::uint16_t x) { return x == 0; }) && g[5] == 0xffff;
  if (mapped) {
    return space_of(ipv4{static_cast<std::uint8_t>(g[6] >> 8), static_cast<std::uint8_t>(g[6] & 0xff),
                         static_cast<std::uint8_t>(g[7] >> 8), static_cast<std::uint8_t>(g[7] & 0xff)});
  }
  const bool unique_local = (g[0] & 0xfe00) == 0xfc00, link_local = (g[0] & 0xffc0) == 0xfe80;
  return unique_local || link_local ? address_space::local : address_space::public_internet;
}

bool ends_with_label(std::string_view name, std::string_view label) {
  return name == label || (name.size() > label.size() && name.ends_with(label) && name[name.size() - label.size() - 1] == '.');
}
}  // namespace

address_space address_space_of(std::string_view host) noexcept {
  std::string name(host);
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (!name.empty() && name.back() == '.') name.pop_back();  // "localhost." is the same name
  if (is_ipv4_address(name)) return space_of(ipv4_bytes(name));
  if (is_ipv6_address(name)) return space_of(ipv6_groups(name));
  if (ends_with_label(name, "localhost")) return address_space::loopback;
  if (ends_with_label(name, "local")) return address_space::local;
  return address_space::public_internet;
}

std::string_view to_string(address_space space) noexcept {
  switch (space) {
    case address_space::loopback: return "loopback";
    case address_space::local: return "local";
    case address_space::public_internet: break;
  }
  return "public";
}

}  // namespace crawlbench
