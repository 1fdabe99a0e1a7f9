#pragma once
// `crawlbench run`: crawl with each chosen strategy (and each concurrency of a sweep), print the
// table, and exit 0 only when every request succeeded.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "crawlbench/crawl_plan.hpp"
#include "crawlbench/segment.hpp"
#include "crawlbench/simulated_transport.hpp"
#include "crawlbench/target.hpp"
#include "tls_trust.hpp"

namespace crawlbench::cli {

struct run_options {
  server_target server;  // --server's URL; else embedded (curl) or simulated (sim), resolved by main
  crawl_plan plan;
  std::string transport = "curl";  // curl, asio (native_client.hpp) or sim
  simulation_options sim;
  bool json = false;
  bool csv = false;
  std::string out;  // also write the result JSON with spans here
  bool share = false;  // print a share link of the results
  std::string share_base = "http://127.0.0.1:8082/";
  native::tls_trust trust;  // --cacert, --insecure
  bool tls = false;         // --tls: the embedded server speaks HTTPS, and only its certificate is trusted
  std::optional<run_segment> segment;  // --segment I/K: this process runs segment I's share of each run
  std::optional<double> start_at_s;    // --start-at: begin at this wall-clock time, s since the Unix epoch
};

// The process exit code: 0 all succeeded, 1 some request failed (a TLS failure too) or the output
// could not be written, 2 an option that cannot be used (an unreadable --cacert file; --tls,
// --cacert or --insecure with --transport sim or asio; an https server or URL with asio; a plan
// that --segment cannot split, or a segment's share beyond the open-file limit; a --start-at
// more than 7 days ahead), 130 interrupted (Ctrl-C, also while waiting for --start-at).
[[nodiscard]] int run_command(const run_options& options);

}  // namespace crawlbench::cli
