#include "crawlbench/server/delay_server.hpp"



#include <atomic>
#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <nlohmann/json.hpp>

#include "crawlbench/server/http_url.hpp"
#include "listener.hpp"
#include "server_state.hpp"
#include "tls_context.hpp"

namespace crawlbench::server {

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {
// One io_context per thread: no locking inside Asio, and a connection stays on one thread.
struct worker {
  net::io_context context{1};
  net::executor_work_guard<net::io_context::executor_type> keep_running = net::make_work_guard(context);
  std::thread thread;
};
}  // namespace

struct delay_server::impl {
  explicit impl(server_options o) : state(std::move(o)) {}

  server_state state;
  std::vector<std::unique_ptr<worker>> workers;
  std::vector<tcp::acceptor> acceptors;  // on workers[0]
  std::vector<std::uint16_t> ports;
  std::string url_host;  // the address the URLs name (address_for_urls())
  std::atomic<std::size_t> next_worker{0};
  std::mutex lifecycle;
  bool started = false;
  bool stopped = false;
};

expected<void> check_options(const server_options& o) {
  if (!canonical_address(o.host)) {
    return unexpected_error("--host '" + o.host +
                            "' is not an IPv4 or IPv6 address (such as 127.0.0.1, ::1 or 0.0.0.0; names are not resolved)");
  }
  if (o.port != 0 && o.port + std::uint64_t{o.extra_ports} > 65'535) {
    return unexpected_error("--port " + std::to_string(o.port) + " with --extra-ports " + std::to_string(o.extra_ports) +
                            " needs ports up to " + std::to_string(o.port + std::uint64_t{o.extra_ports}) +
                            ", past the last port, 65535");
  }
  return {};
}

delay_server::delay_server(server_options options) : impl_(std::make_unique<impl>(std::move(options))) {
  auto& o = impl_->state.options;
  if (auto usable = check_options(o); !usable) throw std::invalid_argument(usable.error().message);
  const std::string host = *canonical_address(o.host);
  impl_->url_host = address_for_urls(host);
  if (o.tls) {
    auto context = load_tls_context(*o.tls);
    if (!context) throw std::invalid_argument(context.error().message);
    impl_->state.tls = *std::move(context);
  }
  if (o.max_concurrency != 0) {
    // The channel's own executor only runs its internal bookkeeping; each waiter is resumed on
    // the executor of the session that waits.
    impl_->state.slots = std::make_unique<concurrency_slots>(net::system_executor{}, o.max_concurrency);
  }
  const unsigned threads = o.threads != 0 ? o.threads : std::max(1u, std::thread::hardware_concurrency());
  for (unsigned i = 0; i < threads; ++i) impl_->workers.push_back(std::make_unique<worker>());

  boost::system::error_code ec;
  const auto address = net::ip::make_address(host, ec);
  for (unsigned i = 0; i <= o.extra_ports; ++i) {
    const std::uint16_t wanted = o.port == 0 ? 0 : static_cast<std::uint16_t>(o.port + i);
    tcp::acceptor acceptor{impl_->workers[0]->context};
    const tcp::endpoint endpoint{address, wanted};
    const auto fail = [&](const char* what) {
      return std::runtime_error(std::string("cannot ") + what + " " + authority(host, wanted) + ": " + ec.message());
    };
    acceptor.open(endpoint.protocol(), ec);
    if (ec) throw fail("open a socket for");
    acceptor.set_option(net::socket_base::reuse_address(true), ec);
    if (ec) throw fail("set SO_REUSEADDR on");
    acceptor.bind(endpoint, ec);
    if (ec) throw fail("listen on");
    acceptor.listen(o.backlog, ec);
    if (ec) throw fail("listen on");
    impl_->ports.push_back(acceptor.local_endpoint().port());
    impl_->acceptors.push_back(std::move(acceptor));
  }
  nlohmann::json origins = nlohmann::json::array();
  for (std::size_t i = 0; i < impl_->ports.size(); ++i) origins.push_back(url(i));
  impl_->state.origins_json = nlohmann::json{{"origins", origins}}.dump();
}

delay_server::~delay_server() { stop(); }

void delay_server::start() {
  const std::lock_guard lock(impl_->lifecycle);
  if (impl_->started) return;
  impl_->started = true;
  auto next = [this]() -> net::any_io_executor {
    const auto i = impl_->next_worker.fetch_add(1, std::memory_order_relaxed) % impl_->workers.size();
    return impl_->workers[i]->context.get_executor();
  };
  for (auto& acceptor : impl_->acceptors) {
    net::co_spawn(impl_->workers[0]->context, run_listener(acceptor, impl_->state, next), net::detached);
  }
  for (auto& w : impl_->workers) {
    w->thread = std::thread([&context = w->context] { context.run(); });
  }
}

expected<void> delay_server::stop() {
  const std::lock_guard lock(impl_->lifecycle);
  if (impl_->stopped) return {};
  impl_->stopped = true;
  auto& state = impl_->state;
  state.stopping = true;

  if (impl_->started) {
    // Stop accepting (on the listeners' own thread), then give in-flight requests the grace period.
    std::promise<void> closed;
    net::post(impl_->workers[0]->context, [&] {
      for (auto& acceptor : impl_->acceptors) {
        boost::system::error_code ignored;
        acceptor.close(ignored);
      }
      closed.set_value();
    });
    closed.get_future().wait();
    const auto deadline = std::chrono::steady_clock::now() + state.options.grace;
    while (state.active_requests.load() != 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

  auto flushed = state.metrics.flush(state.options.metrics_file);

  for (auto& w : impl_->workers) {
    w->keep_running.reset();
    w->context.stop();
  }
  for (auto& w : impl_->workers) {
    if (w->thread.joinable()) w->thread.join();
  }
  return flushed;
}

const std::vector<std::uint16_t>& delay_server::ports() const noexcept { return impl_->ports; }

std::string delay_server::url(std::size_t listener) const {
  return http_url(impl_->url_host, impl_->ports.at(listener), impl_->state.tls != nullptr);
}

metrics_store& delay_server::metrics() noexcept { return impl_->state.metrics; }
const server_options& delay_server::options() const noexcept { return impl_->state.options; }
std::size_t delay_server::active_requests() const noexcept { return impl_->state.active_requests.load(); }

}  // namespace crawlbench::server
