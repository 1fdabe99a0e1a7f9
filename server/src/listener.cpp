#include "listener.hpp"

#include <chrono>
#include <cstdio>
#include <utility>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "session.hpp"

namespace crawlbench::server {

namespace net = boost::asio;

namespace {
void report_session_failure(std::exception_ptr failure) {
  if (!failure) return;
  try {
    std::rethrow_exception(failure);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "crawlbench-server: session failed: %s\n", e.what());
  }
}
}  // namespace

net::awaitable<void> run_listener(net::ip::tcp::acceptor& acceptor, server_state& state,
                                  std::function<net::any_io_executor()> next_worker) {
  bool out_of_descriptors = false;  // said once per shortage, not once per retry
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(next_worker(), net::as_tuple(net::use_awaitable));
    if (!acceptor.is_open() || ec == net::error::operation_aborted) co_return;
    if (ec) {
      // Out of file descriptors (or a connection reset before it was accepted): back off a little
      // rather than spin, and keep serving the connections already open.
      if (ec == net::error::no_descriptors || ec.value() == ENFILE) {
        if (!std::exchange(out_of_descriptors, true)) {
          std::fprintf(stderr, "crawlbench-server: accept: %s (raise the open-file limit); retrying\n", ec.message().c_str());
        }
        net::steady_timer pause{acceptor.get_executor(), std::chrono::milliseconds(10)};
        co_await pause.async_wait(net::as_tuple(net::use_awaitable));
      }
      continue;
    }
    out_of_descriptors = false;
    boost::system::error_code ignored;
    socket.set_option(net::ip::tcp::no_delay(true), ignored);
    auto executor = socket.get_executor();
    net::co_spawn(executor, run_session(std::move(socket), state), report_session_failure);
  }
}

}  // namespace crawlbench::server
