#pragma once
// What a run's connections cost, as the results table and the run panel say it (result.hpp's
// connections_opened, tls_handshakes and connection_setup_s; none when the transport cannot tell).

#include <string>

#include "crawlbench/result.hpp"

namespace crawlbench::ui {

// The table's "conns" cell: connections opened, "-" when unknown.
[[nodiscard]] std::string connections_cell(const strategy_result& r);
// The table's "TLS" cell: TLS handshakes done, "-" when unknown.
[[nodiscard]] std::string tls_cell(const strategy_result& r);
// Whether the run did a TLS handshake (the table shows its TLS column when any run did).
[[nodiscard]] bool did_tls(const strategy_result& r) noexcept;
// "opened 100 connections (100 TLS handshakes), 2.41 ms per request setting up": the setup time is
// connection_setup_s over the run's requests, in ms. None opened: it says that every request
// reused a connection (in the page, one an earlier run left open). Empty when the transport cannot tell.
[[nodiscard]] std::string connection_summary(const strategy_result& r);
// Why the counts are what they are, for the "conns" column's tooltip.
inline constexpr const char* connections_meaning =
    "new connections the run opened: a new connection per request (serial, gevent) opens N; a pooled client "
    "(tornado, aiohttp, batched, rate) about C. \"-\": the transport cannot tell";

}  // namespace crawlbench::ui
