#pragma once
// `crawlbench mixed`: the chapter's CPU + I/O workload. Real bcrypt at a cost, each result POSTed
// to the delay server (`POST /add`), in each chosen mode; a table of seconds per mode with the
// book's figure beside and the I/O overhead (the mode's time minus the no-I/O time).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "crawlbench/mixed.hpp"
#include "crawlbench/target.hpp"
#include "native_client.hpp"
#include "tls_trust.hpp"

namespace crawlbench::cli {

struct mixed_options {
  server_target server;  // --server's URL, else embedded: a delay server this command starts
  std::vector<mixed_mode> modes{all_mixed_modes.begin(), all_mixed_modes.end()};
  std::size_t items = 600;
  int cost = 8;
  std::int64_t delay_ms = 100;
  std::size_t batch = 100;
  std::size_t concurrency = 100;
  std::int64_t timeout_ms = 30'000;
  std::uint64_t seed = 1;
  bool json = false;
  native::tls_trust trust;  // --cacert / --insecure, for a --server https://...
  native::native_client client = native::native_client::curl;  // --transport
};


// The process exit code: 0 every POST answered and echoed, 1 some failed, 2 bad options (an
// https server, --cacert or --insecure with --transport asio among them).
[[nodiscard]] int mixed_command(const mixed_options& options);

}  // namespace crawlbench::cli
