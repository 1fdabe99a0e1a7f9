#pragma once
// How many connections fit in a process's open-file limit. Each connection is one descriptor, or
// two when the process's own (embedded) server holds the other end; a few are kept for the rest.
// Pure arithmetic: the native callers read and raise the limit itself (getrlimit/setrlimit).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "crawlbench/crawl.hpp"

namespace crawlbench {

// Descriptors kept for everything but the connections: the standard streams, the loops' epoll
// and eventfd, the curl multi handles' wake-up pairs, a results file.
inline constexpr std::size_t reserved_open_files = 64;

// The open-file limit a crawl at `concurrency` asks for.
[[nodiscard]] std::size_t open_files_wanted(std::size_t concurrency, std::size_t files_per_connection) noexcept;

// The most connections `open_files` descriptors hold (at least 1); 0 means the limit is unknown
// and nothing is clamped.
[[nodiscard]] std::size_t connections_within(std::size_t open_files, std::size_t files_per_connection) noexcept;

// Lowers `concurrency` to what fits in `open_files`, and says so, naming it `what`; nothing when it
// fits. A crawl past the limit would otherwise fail its extra requests as too_many_connections.
[[nodiscard]] std::optional<std::string> fit_concurrency(std::size_t& concurrency, std::size_t open_files,
                                                         std::size_t files_per_connection,
                                                         std::string_view what = "concurrency");
// The same for a crawl; serial, at concurrency 1 by definition, always fits.
[[nodiscard]] std::optional<std::string> fit_concurrency(crawl_config& config, std::size_t open_files,
                                                         std::size_t files_per_connection);

}  // namespace crawlbench
