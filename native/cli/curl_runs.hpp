#pragma once
// One crawl, or one CPU + I/O run, over libcurl on this thread: the loop the CLI's commands share.
// A crawl stops issuing requests on Ctrl-C (interrupt_guard) and cancels those in flight.
#include "crawlbench/crawl.hpp"
#include "crawlbench/mixed.hpp"

namespace crawlbench::cli {

[[nodiscard]] crawl_run crawl_with_curl(const crawl_config& config);
// threaded mode hashes on a CPU thread of its own; the others on this one.
[[nodiscard]] mixed_result mixed_with_curl(cpu_task& cpu, const mixed_config& config);

}  // namespace crawlbench::cli
