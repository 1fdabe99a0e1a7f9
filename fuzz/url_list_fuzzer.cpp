// The URL-list reader and the URL template (a list is whatever file a user gives): any text is
// read into URLs that each pass check_list_url, or refused with "SOURCE:LINE: reason" or
// "SOURCE: no URLs"; a template made of the same bytes expands to URLs that pass it, or is refused.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "crawlbench/url_list.hpp"

namespace {
void check_all(const crawlbench::expected<std::vector<std::string>>& urls) {
  if (!urls) return;
  if (urls->empty()) __builtin_trap();  // a list is never empty
  for (const auto& url : *urls) {
    if (!crawlbench::check_list_url(url)) __builtin_trap();
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto list = crawlbench::read_url_list(text, "fuzz");
  check_all(list);
  if (!list && list.error().message.rfind("fuzz", 0) != 0) __builtin_trap();  // the message names the source
  // The first line as a template, a few URLs of it: {i} grows with the index, {random} changes.
  check_all(crawlbench::expand_url_template(text.substr(0, text.find('\n')), 12, size));
  return 0;
}
