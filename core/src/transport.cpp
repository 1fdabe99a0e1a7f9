#include "crawlbench/transport.hpp"

namespace crawlbench {

std::string_view to_string(transfer_error e) noexcept {
  switch (e) {
    case transfer_error::none: return "none";
    case transfer_error::connection_refused: return "connection refused";
    case transfer_error::connection_reset: return "connection reset";
    case transfer_error::timeout: return "timeout";
    case transfer_error::too_many_connections: return "too many connections";
    case transfer_error::cancelled: return "cancelled";
    case transfer_error::other: return "transport error";
    case transfer_error::tls: return "TLS error";
  }
  return "unknown";
}

}  // namespace crawlbench
