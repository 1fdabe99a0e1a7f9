#include "crawlbench/request_headers.hpp"

#include <algorithm>
#include <cctype>

#include "crawlbench/limits.hpp"

namespace crawlbench {

namespace {
// RFC 9110 §5.6.2: tchar.
bool is_token_char(char c) noexcept {
  constexpr std::string_view others = "!#$%&'*+-.^_`|~";
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || others.find(c) != std::string_view::npos;
}
// RFC 9110 §5.5: a field value holds visible characters, spaces, tabs and obs-text, no other control.
bool is_value_char(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  return u == '\t' || (u >= 0x20 && u != 0x7f);
}
}  // namespace

std::string_view request_header_name(std::string_view line) noexcept { return line.substr(0, line.find(':')); }

expected<void> check_request_header(std::string_view line) {
  if (line.size() > max_request_header_bytes) {
    return unexpected_error("is " + with_thousands(line.size()) + " bytes long; at most " +
                            with_thousands(max_request_header_bytes));
  }
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return unexpected_error("expected \"Name: value\" (no ':' in it)");
  const std::string_view name = line.substr(0, colon);
  if (name.empty()) return unexpected_error("the name before ':' is empty");
  if (!std::all_of(name.begin(), name.end(), is_token_char)) {
    return unexpected_error("the name has a character a header name cannot have (RFC 9110 section 5.1: a token)");
  }
  const std::string_view value = line.substr(colon + 1);
  if (!std::all_of(value.begin(), value.end(), is_value_char)) {
    return unexpected_error("the value of " + std::string(name) +
                            " has a line break, NUL or other control character (RFC 9110 section 5.5)");
  }
  return {};
}

expected<void> check_request_headers(const std::vector<std::string>& lines) {
  if (lines.size() > max_request_headers) {
    return unexpected_error("headers: " + std::to_string(lines.size()) + " given; at most " +
                            std::to_string(max_request_headers));
  }
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (auto checked = check_request_header(lines[i]); !checked) {
      return unexpected_error("header " + std::to_string(i + 1) + ": " + checked.error().message);
    }
  }
  return {};
}

}  // namespace crawlbench
