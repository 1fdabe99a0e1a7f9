#pragma once
// The choice of native HTTP client, and the one place that builds it: libcurl (curl_transport, the
// default, http and https) or the lab's lean Asio + Beast client (asio_transport, http only). The
// CLI's `--transport curl|asio`, the GUI and the report run every strategy through this, so a
// strategy's figure on the two clients shows what the client library itself costs.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "asio_transport.hpp"
#include "crawlbench/clock.hpp"
#include "crawlbench/scheduler.hpp"
#include "crawlbench/stop.hpp"
#include "crawlbench/target.hpp"
#include "curl_transport.hpp"
#include "native_loop.hpp"
#include "tls_trust.hpp"

namespace crawlbench::native {

enum class native_client { curl, asio };
inline constexpr native_client native_clients[] = {native_client::curl, native_client::asio};

[[nodiscard]] std::string_view to_string(native_client c) noexcept;
// "curl" or "asio"; nothing for any other name.
[[nodiscard]] std::optional<native_client> parse_native_client(std::string_view name) noexcept;

// Success, or why `client` cannot crawl `target`: the asio client speaks http only, so an https
// server, URL list entry or --tls needs curl ("--transport asio speaks http only: ..."). The CLI
// refuses such a run with it, the GUI's run panel shows it; nothing is sent.
[[nodiscard]] expected<void> check_client_reaches(native_client client, const server_target& target, bool tls);
// Success, or why `client` cannot take these TLS options: the asio client speaks no TLS, so
// --tls, --cacert and --insecure need curl (with asio they would be ignored, and a result called
// insecure that never met TLS). run, mixed and gui refuse them with it, exit 2.
[[nodiscard]] expected<void> check_client_trust(native_client client, const tls_trust& trust, bool tls);

// What a run leaves beside its result: TCP connections opened, and the first TLS failure's
// reason (libcurl's; empty when none, and always with asio, which speaks no TLS).
struct native_run_facts {
  std::size_t connections_opened = 0;
  std::string first_tls_error;
};

// Builds the chosen transport on `sched`'s clock and runs `make(transport)`'s task on it until it
// ends (native_loop.hpp's run_on). `make` takes the transport as `auto&`. `trust` is for https,
// which only curl speaks (the asio transport fails an https request with the reason). Returns the
// task's result; `facts`, when given, gets the run's facts. Throws what the transport's
// constructor throws (it cannot set up its loop).
template <typename Make>
auto run_on_client(native_client which, scheduler& sched, const clock& time, const stop_token& stop,
                   const tls_trust& trust, Make&& make, native_run_facts* facts = nullptr) {
  if (which == native_client::asio) {
    asio_transport transport{time, stop};
    auto result = run_on(sched, transport, make(transport));
    if (facts) *facts = {transport.connections_opened(), {}};
    return result;
  }
  curl_transport transport{time, stop, trust};
  auto result = run_on(sched, transport, make(transport));
  if (facts) *facts = {transport.connections_opened(), transport.first_tls_error()};
  return result;
}

}  // namespace crawlbench::native
