#include "crawlbench/simulated_transport.hpp"

#include <charconv>
#include <chrono>
#include <algorithm>
#include <cstdio>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "crawlbench/limits.hpp"
#include "crawlbench/timing.hpp"
#include "crawlbench/url.hpp"

namespace crawlbench {

expected<void> validate(const simulation_options& options, const crawl_config& config) {
  crawl_config simulated = config;
  simulated.server = simulated_target{options};
  return validate(simulated);
}

namespace {
// The options' own ranges (check_simulation).
expected<void> check_knobs(const simulation_options& options) {
  const auto max_sim = std::chrono::duration<double, std::milli>(max_sim_ms);
  for (const auto& [name, value] : {std::pair{"sim-rtt", options.round_trip}, std::pair{"sim-connect", options.connect},
                                    std::pair{"sim-jitter", options.jitter}, std::pair{"sim-tls-cpu", options.tls_cpu}}) {
    if (value < clock::duration::zero() || value > max_sim) {
      return check_number(name, to_seconds(value) * 1000, 0, max_sim_ms, "ms");
    }
  }
  auto limit = check_whole("sim-server-limit", options.server_concurrency, server_limit_range);
  if (!limit) return limit;
  auto rtts = check_whole("sim-tls-rtts", options.tls_round_trips, tls_round_trips_range);
  if (!rtts) return rtts;
  if (options.tls_round_trips == 0 && options.tls_cpu > clock::duration::zero()) {
    return unexpected_error("sim-tls-cpu: a TLS handshake's CPU needs TLS (sim-tls-rtts 1 or more)");
  }
  return {};
}
}  // namespace

expected<void> check_simulation(const simulation_options& options, const crawl_config& config) {
  if (auto knobs = check_knobs(options); !knobs) return knobs;
  const std::size_t client = config.effective_concurrency();
  const std::size_t at_once = options.server_concurrency == 0 ? client : std::min(client, options.server_concurrency);
  const auto round_trips = static_cast<clock::duration::rep>(1 + options.tls_round_trips);
  const double each_s = to_seconds(options.connect + options.round_trip * round_trips + options.jitter) +
                        static_cast<double>(config.delay_ms) / 1000.0;
  const double longest_s = lower_bound_seconds(config) +
                           static_cast<double>((config.num + at_once - 1) / std::max<std::size_t>(at_once, 1)) * each_s +
                           static_cast<double>(config.num) * to_seconds(options.tls_cpu);
  if (longest_s > max_run_seconds) {
    return unexpected_error("the simulated crawl may take up to " + with_thousands(static_cast<std::uint64_t>(longest_s)) +
                            " s; a run may take at most " + with_thousands(static_cast<std::uint64_t>(max_run_seconds)) +
                            " s (about 116 days)");
  }
  return {};
}

simulated_transport::simulated_transport(scheduler& sched, simulation_options options)
    : scheduler_(sched), options_(options), random_(options.seed) {
  if (options_.server_concurrency != 0) server_slots_.emplace(sched, options_.server_concurrency);
}

simulated_transport::answer simulated_transport::respond(const request& req) {
  using std::chrono::milliseconds;
  if (url_path(req.url) != "/add") return {404, "<html><title>404: Not Found</title><body>404: Not Found</body></html>", {}};
  const bool post = req.method == http_method::post;
  // As crawlbench-server: GET's default delay is the book's 1024 ms, POST's (the CPU + I/O
  // workload) 100 ms.
  std::int64_t delay_ms = post ? 100 : 1024;
  if (const auto raw = query_value(req.url, "delay")) {
    const auto* end = raw->data() + raw->size();
    const auto [ptr, ec] = std::from_chars(raw->data(), end, delay_ms);
    // Past an hour, as crawlbench-server past its --max-delay-ms: milliseconds of any int64 would
    // overflow the clock's nanoseconds.
    if (ec != std::errc{} || ptr != end || !delay_ms_range.holds_signed(delay_ms)) {
      return {400, "<html><title>400: Invalid value for delay</title><body>400: Invalid value for delay</body></html>",
              {}};
    }
  }
  if (post) {
    // The CPU + I/O workload server: sleeps and echoes the body.
    return {200, nlohmann::json{{"result", req.body}, {"t", static_cast<double>(delay_ms) / 1000.0}}.dump(),
            milliseconds(delay_ms)};
  }
  return {200, ".", milliseconds(delay_ms)};
}

simulated_transport::~simulated_transport() {
  if (serving_ != 0) {
    std::fputs("crawlbench: simulated_transport destroyed while serving\n", stderr);
    std::terminate();
  }
}

simulated_transport::plan simulated_transport::plan_for(const request& req) {
  plan p{respond(req)};
  if (options_.jitter > clock::duration::zero()) {
    // uniform in [0, jitter) from the engine's bits by a fixed formula: std's distributions differ
    // between libstdc++ and libc++, and a run must be the same natively and in the page.
    const auto draw = static_cast<double>(random_() >> 11) * 0x1.0p-53;  // [0, 1)
    p.reply.delay += clock::duration{static_cast<clock::duration::rep>(draw * static_cast<double>(options_.jitter.count()))};
  }
  if (req.options.reuse == connection_reuse::pooled && idle_connections_ > 0) {
    --idle_connections_;
    return p;
  }
  ++counters_.connections_opened;
  p.connection = connection_use::opened;
  p.setup = p.connect = options_.connect;
  if (options_.tls_round_trips != 0) {
    ++counters_.tls_handshakes;
    p.connection = connection_use::opened_tls;
    p.setup = handshake(p.connect);
  }
  return p;
}

// The time from now to the end of a TLS handshake on a connection `connect` from now: its round
// trips, then its CPU when the client's CPU is free.
clock::duration simulated_transport::handshake(clock::duration connect) {
  const auto now = scheduler_.now();
  const auto round_trips = static_cast<clock::duration::rep>(options_.tls_round_trips);
  cpu_free_ = std::max(cpu_free_, now + connect + options_.round_trip * round_trips) + options_.tls_cpu;
  return cpu_free_ - now;
}

// A timeout needs a watch only when it may come first: always behind a limited server (its queue
// makes the wait unknowable), else only when the known service time exceeds it. The watch and the
// server then share a flag, so exactly one of them completes the transfer.
void simulated_transport::start(transfer& t) {
  const auto timeout = t.req().options.timeout;
  plan p = plan_for(t.req());
  std::shared_ptr<race> raced;
  if (timeout > clock::duration::zero() &&
      (server_slots_ || p.setup + options_.round_trip + p.reply.delay > timeout)) {
    raced = std::make_shared<race>();
    watches_.spawn(watch_timeout(t, raced, timeout));
  }
  auto child = serve(t, std::move(p), std::move(raced));
  child.handle.promise().set_owner(this, &simulated_transport::served);
  ++serving_;
  child.handle.resume();
}

coro::coroutine_handle<> simulated_transport::served(void* self) noexcept {
  --static_cast<simulated_transport*>(self)->serving_;
  return {};
}

detail::detached simulated_transport::serve(transfer& t, plan p, std::shared_ptr<race> raced) {
  const auto started = scheduler_.now();
  const bool pooled = t.req().options.reuse == connection_reuse::pooled;  // t may be gone after a timeout
  co_await scheduler_.sleep_for(p.setup + options_.round_trip / 2);
  {
    std::optional<async_semaphore::permit> slot;
    if (server_slots_) slot.emplace(co_await server_slots_->acquire());
    ++counters_.served;
    counters_.max_server_in_flight = std::max(counters_.max_server_in_flight, ++counters_.server_in_flight);
    co_await scheduler_.sleep_for(p.reply.delay);
    --counters_.server_in_flight;
  }
  co_await scheduler_.sleep_for(options_.round_trip - options_.round_trip / 2);
  if (pooled) ++idle_connections_;

  if (raced && std::exchange(raced->completed, true)) co_return;  // the client timed out
  response r;
  r.status = p.reply.status;
  r.body_bytes = p.reply.body.size();
  r.body = std::move(p.reply.body);
  r.started = started;
  r.first_byte = r.done = scheduler_.now();
  r.connection = p.connection;
  r.connected = started + p.connect;
  r.tls_done = started + p.setup;
  t.complete(std::move(r));
}

task<void> simulated_transport::watch_timeout(transfer& t, std::shared_ptr<race> raced, clock::duration timeout) {
  const auto started = scheduler_.now();
  co_await scheduler_.sleep_for(timeout);
  if (std::exchange(raced->completed, true)) co_return;
  ++counters_.timeouts;
  response r;
  r.error = transfer_error::timeout;
  r.error_message =
      "no response within " + std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(timeout).count()) + " ms";
  r.started = started;
  r.first_byte = r.done = scheduler_.now();
  t.complete(std::move(r));
}

}  // namespace crawlbench
