#pragma once
// The delay server's URLs, built here for every workload. The crawl's are the book's:
// `<server>/add?name=<name>&delay=<ms>&` followed by ten distinct random lowercase letters
// (`random.sample(string.ascii_lowercase, 10)`) so no cache can answer; the CPU + I/O workload
// POSTs to `<server>/add?name=<name>&delay=<ms>`.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace crawlbench {

// How the random suffix joins the query.
enum class url_form {
  query,         // "...&delay=100&abcdefghij": the book's gevent, tornado and serial code
  os_path_join,  // "...&delay=100/abcdefghij": the book's aiohttp notebook, os.path.join(base_url,
                 // random) on a base without the "&"; every request is a 400 (delay not an integer)
};

// "<server>/add?name=<name>&delay=<delay_ms>": the delay server's /add target with nothing after
// the delay, as the CPU + I/O workload POSTs to it. Trailing slashes of `server` are dropped.
[[nodiscard]] std::string add_url(std::string_view server, std::string_view name, std::int64_t delay_ms);

// The crawl's base: add_url followed by "&" (or "/" for os_path_join), for the random suffix.
[[nodiscard]] std::string base_url(std::string_view server, std::string_view name, std::int64_t delay_ms,
                                   url_form form = url_form::query);

class url_generator {
 public:
  url_generator(std::string base, std::uint64_t seed) : base_(std::move(base)), seed_(seed), state_(seed) {}
  // The base followed by 10 distinct lowercase letters.
  [[nodiscard]] std::string next();
  // Makes the next URL the `i`-th this generator gives from its start (0-based), in O(1): a
  // segment's request j is the whole run's request I + j·K (segment.hpp).
  void seek(std::uint64_t i) noexcept { state_ = seed_ + i * golden_gamma; }
  // Appends the next 10 distinct lowercase letters to `out` (the suffix next() puts after the base).
  void append_random(std::string& out);

 private:
  // splitmix64: small, fast, and plenty for cache-busting. Each URL takes exactly one draw, and
  // draw n's state is seed + n·gamma (mod 2^64): what lets seek() jump.
  std::uint64_t next_random() noexcept;
  static constexpr std::uint64_t golden_gamma = 0x9e3779b97f4a7c15ULL;

  std::string base_;
  std::uint64_t seed_;
  std::uint64_t state_;
};

// The raw value of `key` in the URL's query string (no percent-decoding: the crawl's values are
// plain), or nothing when the key is absent. "a=1&b" has b with an empty value.
[[nodiscard]] std::optional<std::string_view> query_value(std::string_view url, std::string_view key) noexcept;

// The path of an absolute or origin-relative URL: "http://h:1/add?x" -> "/add".
[[nodiscard]] std::string_view url_path(std::string_view url) noexcept;

}  // namespace crawlbench
