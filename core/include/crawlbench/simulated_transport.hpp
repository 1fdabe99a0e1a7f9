#pragma once
// The book's delay server and the network in between, on the scheduler's clock (virtual in tests):
// a request pays a connect cost when it needs a new connection (and a TLS handshake on it when the
// options ask for TLS), half a round trip to reach the server, waits in the server's queue if the server is limited, sleeps its URL's `delay`, and pays
// half a round trip back. It answers like the book's tornado server: `.` for /add, a 400 with the
// book's 97-byte page for a `delay` that is not an integer (or is past an hour: delay_ms_range), `{"result": ..., "t": ...}` for POST.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>

#include "crawlbench/async_semaphore.hpp"
#include "crawlbench/clock.hpp"
#include "crawlbench/crawl.hpp"
#include "crawlbench/detail/detached.hpp"
#include "crawlbench/scheduler.hpp"
#include "crawlbench/simulation_options.hpp"
#include "crawlbench/task.hpp"
#include "crawlbench/task_scope.hpp"
#include "crawlbench/transport.hpp"

namespace crawlbench {

// validate(config) with config's server the simulated one with these options.
[[nodiscard]] expected<void> validate(const simulation_options& options, const crawl_config& config);
// The simulator's part of validate(crawl_config) for a simulated target, assuming config's own
// fields were checked: what is wrong with the options (a round trip, connect cost, jitter or TLS
// CPU outside 0 to max_sim_ms, a server limit outside server_limit_range, TLS round trips outside
// tls_round_trips_range, a TLS CPU cost without TLS), or with `config` on them:
// the longest the crawl can take in virtual time, the rate schedule plus
// ceil(N / min(C, K))·(connect + (1 + TLS round trips)·round trip + delay + jitter) plus N·TLS CPU,
// must be at most max_run_seconds
// (limits.hpp), so the virtual clock cannot overflow. Success, or an error saying which.
[[nodiscard]] expected<void> check_simulation(const simulation_options& options, const crawl_config& config);

class simulated_transport final : public transport {
 public:
  struct counters {
    std::size_t served = 0;
    std::size_t connections_opened = 0;
    std::size_t tls_handshakes = 0;
    std::size_t server_in_flight = 0;
    std::size_t max_server_in_flight = 0;
    std::size_t timeouts = 0;
  };

  simulated_transport(scheduler& sched, simulation_options options);
  // Requests still being served when it is destroyed are a bug: run the scheduler until idle.
  ~simulated_transport() override;

  void start(transfer& t) override;
  [[nodiscard]] std::string_view name() const noexcept override { return "sim"; }

  [[nodiscard]] const counters& stats() const noexcept { return counters_; }
  [[nodiscard]] const simulation_options& options() const noexcept { return options_; }

  // The response the book's server gives to `req`, and how long it sleeps first.
  struct answer {
    int status;
    std::string body;
    clock::duration delay;
  };
  [[nodiscard]] static answer respond(const request& req);

 private:
  // Decides which of the server and a timeout completes a transfer when both may (see start()).
  struct race {
    bool completed = false;
  };
  // What the server will do with a request, decided when it starts.
  struct plan {
    answer reply;
    connection_use connection = connection_use::reused;
    clock::duration connect{};  // to the TCP connection: zero when a pooled connection was idle
    clock::duration setup{};    // to a usable connection: connect, then the TLS handshake if any
  };
  [[nodiscard]] clock::duration handshake(clock::duration connect);
  plan plan_for(const request& req);
  detail::detached serve(transfer& t, plan p, std::shared_ptr<race> raced);
  task<void> watch_timeout(transfer& t, std::shared_ptr<race> raced, clock::duration timeout);
  static coro::coroutine_handle<> served(void* self) noexcept;

  scheduler& scheduler_;
  simulation_options options_;
  std::optional<async_semaphore> server_slots_;
  std::size_t idle_connections_ = 0;
  clock::time_point cpu_free_{};  // when the client's CPU ends the handshakes it has begun
  std::mt19937_64 random_;
  counters counters_;
  std::size_t serving_ = 0;
  task_scope watches_;
};

}  // namespace crawlbench
