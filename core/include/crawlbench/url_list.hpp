#pragma once
// A user's own URLs, the chapter's "list of URLs" (issue 19): read from a file's text, or made
// from a template, each checked before anything is sent. The list becomes a url_list_target
// (target.hpp); request i fetches URL i, for every strategy.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crawlbench/expected.hpp"

namespace crawlbench {

// The longest URL a list may hold, bytes: RFC 9112 §3 recommends that senders and recipients
// support request lines of at least 8000 octets.
inline constexpr std::size_t max_list_url_bytes = 8000;
// The most URLs a list may hold: num_range's high end (limits.hpp), 10,000,000.
[[nodiscard]] std::size_t max_list_urls() noexcept;

// One URL of a list: absolute http:// or https:// (parse_http_url), at most max_list_url_bytes,
// and only the characters RFC 3986 §2 allows (anything else percent-encoded: "%20"). A query and
// a fragment may follow. Success, or what is wrong.
[[nodiscard]] expected<void> check_list_url(std::string_view url);

// The URLs of a list's text: one per line; blank lines and lines whose first non-blank character
// is '#' are skipped; spaces and tabs around a URL and the CR of a CRLF line end are dropped.
// The URLs, or the first problem as "SOURCE:LINE: reason" (lines from 1), or "SOURCE: no URLs
// in it" when none is left, or "SOURCE:LINE: more than 10,000,000 URLs".
[[nodiscard]] expected<std::vector<std::string>> read_url_list(std::string_view text, std::string_view source_name);

// `count` URLs from a template: "{i}" becomes the request's index (0 to count - 1, decimal),
// "{random}" ten distinct random lowercase letters (the book's generate_urls suffix; the same
// generator as url_generator, seeded by `seed`, so a seed makes the same list). Any other "{...}"
// or an unclosed "{" is refused; each URL made must pass check_list_url. The URLs, or what is
// wrong ("--url-template: unknown placeholder {n}: use {i} or {random}").
[[nodiscard]] expected<std::vector<std::string>> expand_url_template(std::string_view url_template, std::size_t count,
                                                                     std::uint64_t seed);

// The delay a delay server's /add URL asks for, ms: its path ends in "/add" and its query has
// "delay=" with a whole number in delay_ms_range. Nothing for any other URL.
[[nodiscard]] std::optional<std::int64_t> add_url_delay_ms(std::string_view url) noexcept;

}  // namespace crawlbench
