#include "crawlbench/simulated_transport.hpp"

#include <charconv>
#include <chrono>
#include <cstdio>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "crawlbench/url.hpp"

namespace crawlbench {

struct simulated_transport::pending {
  transfer* t = nullptr;
  bool completed = false;
  response result;

  // The first of the server and the timeout to finish completes the transfer; the other only
  // sees `completed` (the transfer may already be gone).
  void complete() {
    if (completed) return;
    completed = true;
    t->complete(std::move(result));
  }
};

simulated_transport::simulated_transport(scheduler& sched, simulation_options options)
    : scheduler_(sched), options_(options), random_(options.seed) {
  if (options_.server_concurrency != 0) server_slots_.emplace(sched, options_.server_concurrency);
}

simulated_transport::answer simulated_transport::respond(const request& req) {
  using std::chrono::milliseconds;
  if (url_path(req.url) != "/add") return {404, "<html><title>404: Not Found</title><body>404: Not Found</body></html>", {}};
  if (req.method == http_method::post) {
    // The CPU + I/O workload server: sleeps 100 ms and echoes the body.
    return {200, nlohmann::json{{"result", req.body}, {"t", 0.1}}.dump(), milliseconds(100)};
  }
  std::int64_t delay_ms = 1024;
  if (const auto raw = query_value(req.url, "delay")) {
    const auto* end = raw->data() + raw->size();
    const auto [ptr, ec] = std::from_chars(raw->data(), end, delay_ms);
    if (ec != std::errc{} || ptr != end || delay_ms < 0) {
      return {400, "<html><title>400: Invalid value for delay</title><body>400: Invalid value for delay</body></html>",
              {}};
    }
  }
  return {200, ".", milliseconds(delay_ms)};
}

void simulated_transport::start(transfer& t) {
  auto p = std::make_shared<pending>();
  p->t = &t;
  p->result.started = scheduler_.now();
  if (const auto timeout = t.req().options.timeout; timeout > clock::duration::zero()) {
    running_.spawn(watch_timeout(p, timeout));
  }
  running_.spawn(serve(std::move(p)));
}

task<void> simulated_transport::serve(std::shared_ptr<pending> p) {
  const request& req = p->t->req();
  const bool pooled = req.options.reuse == connection_reuse::pooled;
  auto [status, body, delay] = respond(req);
  if (options_.jitter > clock::duration::zero()) {
    delay += clock::duration{std::uniform_int_distribution<clock::duration::rep>(0, options_.jitter.count() - 1)(random_)};
  }

  if (pooled && idle_connections_ > 0) {
    --idle_connections_;
  } else {
    ++counters_.connections_opened;
    co_await scheduler_.sleep_for(options_.connect);
  }
  co_await scheduler_.sleep_for(options_.round_trip / 2);
  {
    std::optional<async_semaphore::permit> slot;
    if (server_slots_) slot.emplace(co_await server_slots_->acquire());
    ++counters_.served;
    if (++counters_.server_in_flight > counters_.max_server_in_flight) {
      counters_.max_server_in_flight = counters_.server_in_flight;
    }
    co_await scheduler_.sleep_for(delay);
    --counters_.server_in_flight;
  }
  co_await scheduler_.sleep_for(options_.round_trip - options_.round_trip / 2);
  if (pooled) ++idle_connections_;

  if (p->completed) co_return;  // timed out meanwhile
  p->result.status = status;
  p->result.body_bytes = body.size();
  p->result.body = std::move(body);
  p->result.first_byte = p->result.done = scheduler_.now();
  p->complete();
}

task<void> simulated_transport::watch_timeout(std::shared_ptr<pending> p, clock::duration timeout) {
  co_await scheduler_.sleep_for(timeout);
  if (p->completed) co_return;
  ++counters_.timeouts;
  p->result.error = transfer_error::timeout;
  p->result.error_message = "no response within " + std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(timeout).count()) + " ms";
  p->result.first_byte = p->result.done = scheduler_.now();
  p->complete();
}

}  // namespace crawlbench
