#pragma once
// Writes a whole file or nothing: a reader never sees a torn file, and a failed write leaves the
// previous file in place.
#include <optional>
#include <string>
#include <string_view>

namespace crawlbench::cli {

// Nothing on success, else a message naming the file and the reason.
[[nodiscard]] std::optional<std::string> write_file_atomically(const std::string& path, std::string_view content);

}  // namespace crawlbench::cli
