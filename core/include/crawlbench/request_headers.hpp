#pragma once
// Request headers a user adds to every request ("Authorization: Bearer ..."), for services that
// need a token or a content type. Checked once where they enter (the CLI's --header, a front
// end's field, validate(crawl_config)); the transport sends them as given. Their values may be
// secrets: no message here, and no result, JSON, CSV, log or share link anywhere, holds a value
// (a name may be shown).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "crawlbench/expected.hpp"

namespace crawlbench {

inline constexpr std::size_t max_request_headers = 64;
// One header line, name and value, bytes: a request line's recommended reach (RFC 9112 §3).
inline constexpr std::size_t max_request_header_bytes = 8000;

// "Name: value": the name a token (RFC 9110 §5.1, §5.6.2: letters, digits and !#$%&'*+-.^_`|~),
// a ':', the value after optional spaces, holding no CR, LF, NUL or other control character but
// a tab (RFC 9110 §5.5). Success, or what is wrong, naming the header by its place and (when it
// is a token) its name, never quoting the value.
[[nodiscard]] expected<void> check_request_header(std::string_view line);
// Every header of a list, at most max_request_headers: "header 2 (X-Token): ...".
[[nodiscard]] expected<void> check_request_headers(const std::vector<std::string>& lines);

// The name of a checked header line: what stands before its ':'.
[[nodiscard]] std::string_view request_header_name(std::string_view line) noexcept;

}  // namespace crawlbench
