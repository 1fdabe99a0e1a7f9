#include "native_client.hpp"

namespace crawlbench::native {

std::string_view to_string(native_client c) noexcept { return c == native_client::asio ? "asio" : "curl"; }

std::optional<native_client> parse_native_client(std::string_view name) noexcept {
  for (const auto c : native_clients) {
    if (to_string(c) == name) return c;
  }
  return std::nullopt;
}

}  // namespace crawlbench::native
