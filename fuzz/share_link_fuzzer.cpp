// The share-link decoder (a link is whatever a user pastes): any text is decoded or refused with a
// message; what decodes encodes to a link that decodes to the same runs.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "crawlbench/share_link.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view link(reinterpret_cast<const char*>(data), size);
  auto decoded = crawlbench::decode_share_link(link);
  auto* shared = decoded ? &*decoded : nullptr;
  if (!shared) return 0;
  const auto again = crawlbench::decode_share_link(crawlbench::share_url("http://127.0.0.1:8082/", *shared));
  const auto* back = again ? &*again : nullptr;
  if (!back || back->runs.size() != shared->runs.size() || back->plan.num != shared->plan.num) __builtin_trap();
  return 0;
}
