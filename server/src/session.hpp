#pragma once
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "server_state.hpp"

namespace crawlbench::server {

// One connection: over HTTPS first the TLS handshake (within the read timeout; a failure closes
// the connection), then read a request (within the read timeout), act on its route, write the answer,
// and go on while the client keeps the connection alive. Never throws.
boost::asio::awaitable<void> run_session(boost::asio::ip::tcp::socket socket, server_state& state);

}  // namespace crawlbench::server
