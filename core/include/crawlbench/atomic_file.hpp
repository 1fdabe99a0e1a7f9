#pragma once
// Writes a whole file or nothing: the content goes to a temporary file beside the target, which is
// then renamed over it, so a reader (or a process killed mid-write) sees the old file or the new
// one, never a torn one. Callers that may write the same path at once must serialise.
#include <string>
#include <string_view>

#include "crawlbench/expected.hpp"

namespace crawlbench {

// Success, or an error naming the file and the reason.
[[nodiscard]] expected<void> write_file_atomically(const std::string& path, std::string_view content);

}  // namespace crawlbench
