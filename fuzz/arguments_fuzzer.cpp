// The lists and numbers users type: --strategy, --concurrency (a sweep: "1,26,51" or "1:476:25"),
// --mode, --segment I/K. Parsed or refused with a message; a parsed concurrency list holds 1 to
// 1,000,000 only, a parsed segment 0 <= I < K <= 10,000.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "crawlbench/crawl_plan.hpp"
#include "crawlbench/mixed.hpp"
#include "crawlbench/segment.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto concurrency = crawlbench::parse_concurrency_list(text);
  if (const auto* list = concurrency ? &*concurrency : nullptr) {
    if (list->empty()) __builtin_trap();
    for (const auto c : *list) {
      if (c == 0 || c > 1'000'000) __builtin_trap();
    }
  }
  const auto strategies = crawlbench::parse_strategy_list(text);
  if (const auto* list = strategies ? &*strategies : nullptr) {
    if (list->empty()) __builtin_trap();
  }
  static_cast<void>(crawlbench::parse_mixed_mode_list(text));
  if (const auto segment = crawlbench::parse_segment(text)) {
    if (segment->count == 0 || segment->count > 10'000 || segment->index >= segment->count) __builtin_trap();
  }
  return 0;
}
