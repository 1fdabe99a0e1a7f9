#include "crawlbench/url.hpp"

#include <array>
#include <numeric>
#include <utility>

namespace crawlbench {

std::string add_url(std::string_view server, std::string_view name, std::int64_t delay_ms) {
  while (!server.empty() && server.back() == '/') server.remove_suffix(1);
  std::string url;
  url.reserve(server.size() + name.size() + 32);
  url.append(server).append("/add?name=").append(name).append("&delay=").append(std::to_string(delay_ms));
  return url;
}

std::string base_url(std::string_view server, std::string_view name, std::int64_t delay_ms, url_form form) {
  std::string url = add_url(server, name, delay_ms);
  url.push_back(form == url_form::query ? '&' : '/');
  return url;
}

std::uint64_t url_generator::next_random() noexcept {
  std::uint64_t z = (state_ += golden_gamma);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::string url_generator::next() {
  std::string url;
  url.reserve(base_.size() + 10);
  url.append(base_);
  append_random(url);
  return url;
}

void url_generator::append_random(std::string& out) {
  // A partial Fisher-Yates shuffle: the first 10 of 26 letters, each distinct. One 64-bit draw
  // serves all ten picks: each pick takes the integer part of x·range/2^64 and keeps the
  // fraction as the next x (the picks need about 46 bits in all).
  __extension__ using u128 = unsigned __int128;
  std::array<char, 26> letters{};
  std::iota(letters.begin(), letters.end(), 'a');
  std::uint64_t x = next_random();
  for (std::size_t i = 0; i < 10; ++i) {
    const u128 m = static_cast<u128>(x) * (letters.size() - i);
    std::swap(letters[i], letters[i + static_cast<std::size_t>(m >> 64)]);
    x = static_cast<std::uint64_t>(m);
    out.push_back(letters[i]);
  }
}

std::optional<std::string_view> query_value(std::string_view url, std::string_view key) noexcept {
  const auto question = url.find('?');
  if (question == std::string_view::npos) return std::nullopt;
  std::string_view query = url.substr(question + 1);
  if (const auto hash = query.find('#'); hash != std::string_view::npos) query = query.substr(0, hash);
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const auto eq = pair.find('=');
    if (pair.substr(0, eq) == key) return eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

std::string_view url_path(std::string_view url) noexcept {
  if (const auto scheme = url.find("://"); scheme != std::string_view::npos) {
    url.remove_prefix(scheme + 3);
    const auto slash = url.find('/');
    url = slash == std::string_view::npos ? std::string_view{} : url.substr(slash);
  }
  return url.substr(0, url.find_first_of("?#"));
}

}  // namespace crawlbench
