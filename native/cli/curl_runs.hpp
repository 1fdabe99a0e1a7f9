#pragma once
// One crawl, or one CPU + I/O run, over libcurl on this thread: the loop the CLI's commands share,
// and the delay server they crawl when given none. Once `stop` is requested (Ctrl-C:
// interrupt_guard) a run issues nothing more and cancels what is in flight.
#include <cstdint>
#include <memory>
#include <string_view>

#include "crawlbench/crawl.hpp"
#include "crawlbench/mixed.hpp"
#include "embedded_server.hpp"

namespace crawlbench::cli {

[[nodiscard]] crawl_run crawl_with_curl(const crawl_config& config, const stop_token& stop = {});
// threaded mode hashes on a CPU thread of its own; the others on this one.
[[nodiscard]] mixed_result mixed_with_curl(cpu_task& cpu, const mixed_config& config, const stop_token& stop = {});

// The embedded delay server (embedded_server.hpp), for delays up to `longest_delay_ms`; null when
// it cannot start, said on stderr as "COMMAND: why".
[[nodiscard]] std::unique_ptr<native::embedded_server> start_embedded_server(std::int64_t longest_delay_ms,
                                                                            std::string_view command);

}  // namespace crawlbench::cli
