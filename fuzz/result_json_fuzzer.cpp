// The result JSON reader (what `crawlbench gui`, `merge` and the web page read back, and a user may
// hand them): any text is read or refused with a message; what is read writes back to JSON that
// reads again to the same results, plan and segment; a document merged on its own (as segment
// 0 of 1, or refused) never crashes the merge.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "crawlbench/merge.hpp"
#include "crawlbench/mixed_json.hpp"
#include "crawlbench/result.hpp"
#include "crawlbench/result_document.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto results = crawlbench::read_results_json(text);
  if (auto* read = results ? &*results : nullptr) {
    const auto again = crawlbench::read_results_json(crawlbench::write_results_json(*read, true));
    const auto* back = again ? &*again : nullptr;
    if (!back || back->size() != read->size()) __builtin_trap();
    for (std::size_t i = 0; i < read->size(); ++i) {
      if ((*back)[i].num != (*read)[i].num || (*back)[i].errors != (*read)[i].errors) __builtin_trap();
    }
  }
  auto doc = crawlbench::read_result_document(text);
  if (auto* read = doc ? &*doc : nullptr) {
    const auto again = crawlbench::read_result_document(crawlbench::write_result_document(*read, true));
    const auto* back = again ? &*again : nullptr;
    if (!back || back->runs.size() != read->runs.size() || back->segment != read->segment ||
        back->plan.has_value() != read->plan.has_value() || back->plan_digest != read->plan_digest) {
      __builtin_trap();
    }
    static_cast<void>(crawlbench::merge_segments({{"fuzzed.json", *std::move(doc)}}));
  }
  auto run = crawlbench::read_mixed_run(text);
  if (auto* read = run ? &*run : nullptr) {
    const auto again = crawlbench::read_mixed_run(crawlbench::write_mixed_run(*read));
    const auto* back = again ? &*again : nullptr;
    if (!back || back->ok != read->ok || back->sent != read->sent || back->errors != read->errors) __builtin_trap();
  }
  return 0;
}
