#include "crawlbench/url_list.hpp"

#include <algorithm>
#include <cctype>

#include "crawlbench/http_url.hpp"
#include "crawlbench/limits.hpp"
#include "crawlbench/url.hpp"

namespace crawlbench {

namespace {
// RFC 3986 §2.2 and §2.3: the reserved and unreserved characters; '%' is checked apart.
bool is_uri_char(char c) noexcept {
  constexpr std::string_view others = "-._~:/?#[]@!$&'()*+,;=";
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || others.find(c) != std::string_view::npos;
}
bool is_hex(char c) noexcept { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

std::string_view trim(std::string_view text) noexcept {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// The characters after the authority (path, query, fragment): RFC 3986's, a '%' followed by two
// hex digits. Success, or the first one that is not.
expected<void> check_rest(std::string_view rest) {
  for (std::size_t i = 0; i < rest.size(); ++i) {
    const char c = rest[i];
    if (c == '%') {
      if (i + 2 >= rest.size() || !is_hex(rest[i + 1]) || !is_hex(rest[i + 2])) {
        return unexpected_error("a '%' not followed by two hex digits (write a '%' itself as %25)");
      }
    } else if (!is_uri_char(c)) {
      return unexpected_error(std::string("the character '") + c + "' cannot stand in a URL (percent-encode it)");
    }
  }
  return {};
}
}  // namespace

std::size_t max_list_urls() noexcept { return static_cast<std::size_t>(num_range.high); }

expected<void> check_list_url(std::string_view url) {
  if (url.size() > max_list_url_bytes) {
    return unexpected_error("the URL is " + with_thousands(url.size()) + " bytes long; at most " +
                            with_thousands(max_list_url_bytes) + " (RFC 9112 section 3)");
  }
  auto parsed = parse_http_url(url);
  if (!parsed) return unexpected(std::move(parsed).error());
  return check_rest(parsed->rest);
}

expected<std::vector<std::string>> read_url_list(std::string_view text, std::string_view source_name) {
  const std::string source(source_name);
  std::vector<std::string> urls;
  for (std::size_t line = 1; !text.empty(); ++line) {
    const auto end = text.find('\n');
    std::string_view current = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (!current.empty() && current.back() == '\r') current.remove_suffix(1);  // a CRLF file
    current = trim(current);
    if (current.empty() || current.front() == '#') continue;
    if (urls.size() == max_list_urls()) {
      return unexpected_error(source + ":" + std::to_string(line) + ": more than " + with_thousands(max_list_urls()) +
                              " URLs (the most a run makes)");
    }
    if (auto checked = check_list_url(current); !checked) {
      return unexpected_error(source + ":" + std::to_string(line) + ": " + checked.error().message);
    }
    urls.emplace_back(current);
  }
  if (urls.empty()) return unexpected_error(source + ": no URLs in it (only blank lines and # comments)");
  return urls;
}

namespace {
// One URL of a template: its placeholders filled in. The URL, or what is wrong with the template.
expected<std::string> fill_template(std::string_view url_template, std::size_t index, url_generator& letters) {
  std::string url;
  url.reserve(url_template.size() + 16);
  while (!url_template.empty()) {
    const auto open = url_template.find('{');
    url.append(url_template.substr(0, open));
    if (open == std::string_view::npos) break;
    const auto close = url_template.find('}', open);
    if (close == std::string_view::npos) return unexpected_error("a '{' without its '}': use {i} or {random}");
    const std::string_view name = url_template.substr(open + 1, close - open - 1);
    if (name == "i") {
      url += std::to_string(index);
    } else if (name == "random") {
      letters.append_random(url);
    } else {
      return unexpected_error("unknown placeholder {" + std::string(name.substr(0, 40)) + "}: use {i} or {random}");
    }
    url_template.remove_prefix(close + 1);
  }
  return url;
}
}  // namespace

expected<std::vector<std::string>> expand_url_template(std::string_view url_template, std::size_t count,
                                                       std::uint64_t seed) {
  if (count == 0 || count > max_list_urls()) {
    return unexpected_error("the number of URLs must be " + num_range.words());
  }
  url_generator letters{std::string(), seed};
  std::vector<std::string> urls;
  urls.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    auto url = fill_template(url_template, i, letters);
    if (!url) return unexpected(std::move(url).error());
    // Every URL: a placeholder in the port or the host can make one URL bad and the next good.
    if (auto checked = check_list_url(*url); !checked) {
      return unexpected_error("URL " + std::to_string(i) + " of the template: " + checked.error().message);
    }
    urls.push_back(*std::move(url));
  }
  return urls;
}

std::optional<std::int64_t> add_url_delay_ms(std::string_view url) noexcept {
  const std::string_view path = url_path(url);
  constexpr std::string_view add = "/add";
  if (path.size() < add.size() || path.substr(path.size() - add.size()) != add) return std::nullopt;
  const auto delay = query_value(url, "delay");
  if (!delay) return std::nullopt;
  const auto value = parse_whole(*delay);
  if (!value || !delay_ms_range.holds(*value)) return std::nullopt;
  return static_cast<std::int64_t>(*value);
}

}  // namespace crawlbench
