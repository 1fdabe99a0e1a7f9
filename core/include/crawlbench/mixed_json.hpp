#pragma once
// The CPU + I/O workload's results as JSON: the document `crawlbench mixed --json` prints and the
// web page's window.crawlbench.runMixed() resolves with,
//   {"format": "crawlbench-mixed", "version": 1, "cpu": "...", "server": "...",
//    "runs": [{"mode", "items", "delay_ms", "batch", "concurrency", "seconds", "cpu_seconds",
//              "sent", "ok", "stopped", "errors": {kind: count}, "io_overhead_s", "book_seconds"}]}
// (io_overhead_s: seconds minus the noio run's, null without one; book_seconds: null when the
// book has no figure for the run), and one run alone, as the crawl worker sends it to the page.
// Segments are not included.

#include <string>
#include <string_view>
#include <vector>

#include "crawlbench/expected.hpp"
#include "crawlbench/mixed.hpp"

namespace crawlbench {

// `cost`: the bcrypt cost the CPU work is (or stands for), for the book's figures.
[[nodiscard]] std::string write_mixed_json(const std::vector<mixed_result>& runs, int cost, const std::string& server);

[[nodiscard]] std::string write_mixed_run(const mixed_result& run);
// The run, or an error saying what is wrong with the text.
[[nodiscard]] expected<mixed_result> read_mixed_run(std::string_view text);

}  // namespace crawlbench
