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

// Success when write_file_atomically(path, ...) could write now (its temporary file can be made
// beside the target, or the device opened; the target is left as it is), else the same error it
// would give, or that the path is a folder. For checking an output where it enters, before a run
// whose only product it is.
[[nodiscard]] expected<void> check_writable(const std::string& path);

}  // namespace crawlbench
