#pragma once
// `crawlbench report`: the chapter re-run in one command. Against an embedded delay server: the
// strategies at 1000 x 100 ms, C=100 (serial at fewer requests), the concurrency sweep, the CPU +
// I/O tables, a scale run and the book's aiohttp URL mistake replayed. Writes DIR/report.md,
// DIR/results.json and DIR/images/*.png (each drawn by this binary's `crawlbench gui` headless
// screenshot mode in a process of its own, under xvfb-run when there is no display:
// report_pictures.hpp).
#include <string>

namespace crawlbench::cli {

struct report_options {
  std::string out = "report";
  bool quick = false;      // under a minute: fewer requests and items (stated in the report)
  bool all_costs = false;  // CPU + I/O at costs 8, 10, 11 and 12 (default 8 and 10)
  bool images = true;
  std::string share_base = "http://127.0.0.1:8082/";
  bool tls = false;  // the embedded server speaks HTTPS (self-signed, the only certificate trusted)
};

// 0: the report is written and every run but the replayed mistake succeeded; 1: a run failed or
// a file could not be written (what could be is); 130: interrupted (what was done is written).
[[nodiscard]] int report_command(const report_options& options);

}  // namespace crawlbench::cli
