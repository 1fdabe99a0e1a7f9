#pragma once
// One crawl, or one CPU + I/O run, over a native HTTP client (libcurl or Asio: native_client.hpp)
// on this thread: the loop the CLI's commands share, and the delay server they crawl when given
// none. Once `stop` is requested (Ctrl-C: interrupt_guard) a run issues nothing more and cancels
// what is in flight.
#include <optional>
#include <string_view>

#include "crawlbench/crawl.hpp"
#include "crawlbench/mixed.hpp"
#include "crawlbench/target.hpp"
#include "native_client.hpp"
#include "target_starter.hpp"
#include "tls_trust.hpp"

namespace crawlbench::cli {

// `trust`: whose certificates https requests accept (checked: check_tls_trust). The first TLS
// failure's reason, when some request failed so, is said on stderr as "crawlbench: STRATEGY: TLS: why".
[[nodiscard]] crawl_run crawl_natively(const crawl_config& config, native::native_client client,
                                       const stop_token& stop = {}, const native::tls_trust& trust = {});
// threaded mode hashes on a CPU thread of its own; the others on this one.
[[nodiscard]] mixed_result mixed_natively(cpu_task& cpu, const mixed_config& config, native::native_client client,
                                          const stop_token& stop = {}, const native::tls_trust& trust = {});

// `target` ready to run, its embedded server (if it names one) started and kept by `starter`
// (target_starter.hpp); nothing when that server cannot start, said on stderr as "COMMAND: why".
[[nodiscard]] std::optional<server_target> start_target(native::target_starter& starter, const server_target& target,
                                                        std::string_view command);

}  // namespace crawlbench::cli
