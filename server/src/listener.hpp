#pragma once
#include <functional>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "server_state.hpp"

namespace crawlbench::server {

// Accepts connections until the acceptor is closed, handing each to the worker that
// `next_worker()` names (round robin) and running its session there.
boost::asio::awaitable<void> run_listener(boost::asio::ip::tcp::acceptor& acceptor, server_state& state,
                                          std::function<boost::asio::any_io_executor()> next_worker);

}  // namespace crawlbench::server
