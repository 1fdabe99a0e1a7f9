#include "connection_cells.hpp"

#include <cstdio>

#include "crawlbench/result_table.hpp"

namespace crawlbench::ui {

namespace {
// "1 connection", "2 connections".
std::string counted(std::size_t n, const char* noun) { return std::to_string(n) + " " + noun + (n == 1 ? "" : "s"); }
}  // namespace

std::string connections_cell(const strategy_result& r) { return count_cell(r.connections_opened); }

std::string tls_cell(const strategy_result& r) { return count_cell(r.tls_handshakes); }

bool did_tls(const strategy_result& r) noexcept { return r.tls_handshakes.value_or(0) > 0; }

std::string connection_summary(const strategy_result& r) {
  if (!r.connections_opened) return {};
  if (*r.connections_opened == 0) return "opened no connection: every request went over a kept-alive one";
  std::string text = "opened " + counted(*r.connections_opened, "connection");
  if (did_tls(r)) text += " (" + counted(*r.tls_handshakes, "TLS handshake") + ")";
  if (r.connection_setup_s && r.num > 0) {
    char per_request[64];
    std::snprintf(per_request, sizeof per_request, ", %.2f ms per request setting up",
                  *r.connection_setup_s * 1000 / static_cast<double>(r.num));
    text += per_request;
  }
  return text;
}

}  // namespace crawlbench::ui
