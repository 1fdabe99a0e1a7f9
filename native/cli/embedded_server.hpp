#pragma once
// The delay server a CLI command starts when no --server is given: in this process, on its own
// threads, on an ephemeral loopback port, its metrics discarded, accepting delays up to at least
// `longest_delay_ms` (the server's own cap is 60 s).
#include <algorithm>
#include <cstdint>
#include <memory>

#include "crawlbench/server/delay_server.hpp"

namespace crawlbench::cli {

inline std::unique_ptr<server::delay_server> start_embedded_server(unsigned threads, std::int64_t longest_delay_ms) {
  server::server_options options;
  options.port = 0;
  options.threads = threads;
  options.metrics_file = "/dev/null";
  options.max_delay_ms = std::max(options.max_delay_ms, longest_delay_ms);
  auto embedded = std::make_unique<server::delay_server>(options);
  embedded->start();
  return embedded;
}

}  // namespace crawlbench::cli
