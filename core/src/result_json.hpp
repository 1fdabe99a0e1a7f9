#pragma once
// One strategy result to and from the result JSON's run object (docs/result-format.md). Internal
// to core: the result JSON and the share links both use it.

#include <string>

#include "crawlbench/result.hpp"
#include "json_fields.hpp"

namespace crawlbench::detail {

[[nodiscard]] ordered result_to_json(const strategy_result& r, bool with_spans);
// Throws std::runtime_error naming the bad field (`where` prefixes it).
[[nodiscard]] strategy_result result_from_json(const json& j, const std::string& where);

}  // namespace crawlbench::detail
