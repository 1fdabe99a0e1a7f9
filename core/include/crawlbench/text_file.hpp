#pragma once
// Reading a whole file as text, for the front ends that open a user's file by path: `crawlbench
// merge FILE...` and `crawlbench gui --open FILE` (result files). URL lists have their own bounded
// reader (url_list_file.hpp), which also reads standard input.
#include <string>

#include "crawlbench/expected.hpp"

namespace crawlbench {

// The whole file at `path`, or the error "cannot read PATH: REASON" (strerror).
[[nodiscard]] expected<std::string> read_text_file(const std::string& path);

}  // namespace crawlbench
