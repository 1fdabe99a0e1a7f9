#pragma once
// The text of a URL list's file (url_list.hpp reads its lines), for every front end that loads one:
// `crawlbench run --urls FILE` (or - for standard input) and the native GUI's Load button. The
// whole file, bounded, or why not, naming the file.
#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>

#include "crawlbench/expected.hpp"

namespace crawlbench {

// The largest list file read, bytes (1 GiB): 10,000,000 URLs of about 100 bytes fit.
inline constexpr std::size_t max_url_file_bytes = std::size_t{1} << 30;

// The whole of `file` (read to its end; the caller closes it), named `name` in errors: the text,
// or "NAME: larger than 1 GiB", or "NAME: cannot read it: REASON" (strerror).
[[nodiscard]] expected<std::string> read_url_list_text(std::FILE* file, std::string_view name);
// The whole file at `path`: its text, or "PATH: cannot open it: REASON" or read_url_list_text's errors.
[[nodiscard]] expected<std::string> read_url_list_file(const std::string& path);

}  // namespace crawlbench
