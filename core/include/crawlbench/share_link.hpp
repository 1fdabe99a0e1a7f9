#pragma once
// Results as a link: the URL fragment carries the configuration and the results, so opening it
// shows the same table and plots without crawling again (and "Run again" can). The fragment is
// "r=" + "v1." + base64url(CBOR), CBOR being nlohmann-json's encoding of a small document:
// every summary figure exact, the spans quantised (start and end, 1 ms by default) and, for large
// runs, downsampled to every k-th request. docs/share-links.md describes it field by field.

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "crawlbench/crawl_plan.hpp"
#include "crawlbench/expected.hpp"
#include "crawlbench/result.hpp"
#include "crawlbench/target.hpp"

namespace crawlbench {

struct shared_results {
  crawl_plan plan;     // what "Run again" runs
  // The server crawled: a URL; an embedded one (not started: whoever opens the link has a server
  // of its own); or the simulator, with its knobs.
  server_target server;
  std::vector<strategy_result> runs;
};

inline constexpr int share_link_version = 1;
// Links longer than this are refused before anything is decoded.
inline constexpr std::size_t share_link_max_chars = 1'000'000;

struct share_options {
  std::size_t max_spans_per_run = 2000;          // more requests: keep every k-th
  std::chrono::microseconds quantum{1000};       // span times are rounded to this
};

// The fragment, without '#': "r=v1.<base64url>".
[[nodiscard]] std::string encode_share_fragment(const shared_results& results, const share_options& options = {});
// `base` (e.g. "http://127.0.0.1:8082/") + '#' + the fragment.
[[nodiscard]] std::string share_url(std::string_view base, const shared_results& results,
                                    const share_options& options = {});

// A whole URL, or just its fragment (with or without '#'). The results, or an error a user can
// act on: truncated, corrupted, too large, a version this build does not read. Never throws.
[[nodiscard]] expected<shared_results> decode_share_link(std::string_view link);

}  // namespace crawlbench
