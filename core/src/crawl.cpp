#include "crawlbench/crawl.hpp"

#include <cmath>
#include <utility>

#include "crawlbench/detail/strategies.hpp"
#include "crawlbench/http_url.hpp"
#include "crawlbench/limits.hpp"
#include "crawlbench/simulated_transport.hpp"
#include "crawlbench/timing.hpp"

namespace crawlbench {

namespace {
constexpr std::array<std::string_view, all_strategies.size()> strategy_names = {
    "serial", "gevent", "tornado", "aiohttp", "batched", "rate"};

// The server's answer to GET /add (the book's `self.write(".")`).
constexpr std::string_view expected_add_body = ".";
}  // namespace

std::string_view to_string(strategy_kind s) noexcept { return strategy_names[static_cast<std::size_t>(s)]; }

std::optional<strategy_kind> parse_strategy(std::string_view name) noexcept {
  for (std::size_t i = 0; i < strategy_names.size(); ++i) {
    if (strategy_names[i] == name) return all_strategies[i];
  }
  return std::nullopt;
}

double crawl_config::effective_rate() const noexcept {
  if (rate_rps > 0) return rate_rps;
  return static_cast<double>(concurrency) * 1000.0 / static_cast<double>(delay_ms > 0 ? delay_ms : 1);
}

expected<void> validate(const crawl_config& config) {
  if (auto checked = check_whole("num", config.num, num_range); !checked) return checked;
  if (auto checked = check_whole("concurrency", config.concurrency, concurrency_range); !checked) return checked;
  if (auto checked = check_whole_signed("delay", config.delay_ms, delay_ms_range); !checked) return checked;
  if (auto checked = check_whole_signed("timeout", config.timeout_ms, timeout_ms_range); !checked) return checked;
  if (auto checked = check_rate(config.rate_rps); !checked) return checked;
  if (auto url = config.server.check(); !url) return unexpected_error("server: " + url.error().message);
  for (const auto& mirror : config.mirrors) {
    if (auto url = check_server_url(mirror); !url) return unexpected_error("origins: " + url.error().message);
  }
  // Every field is in range; together they may still ask for a run longer than any clock holds.
  if (const double bound = lower_bound_seconds(config); bound > max_run_seconds) {
    const bool rate = config.strategy == strategy_kind::rate;
    return unexpected_error(std::string(to_string(config.strategy)) + ": " + with_thousands(config.num) +
                            " requests take at least " + with_thousands(static_cast<std::uint64_t>(bound)) + " s" +
                            (rate ? " ((N - 1) / rate + delay)" : " (ceil(N / C) x delay)") +
                            "; a run may take at most " + with_thousands(static_cast<std::uint64_t>(max_run_seconds)) +
                            " s (about 116 days)");
  }
  if (const auto* simulated = config.server.simulation()) return check_simulation(*simulated, config);
  return {};
}

namespace {
// The crawl's base URL on each origin (url.hpp's base_url): the server's first, then each mirror's.
std::vector<std::string> origin_bases(const crawl_config& config) {
  const std::string name = config.name.empty() ? std::string(to_string(config.strategy)) : config.name;
  std::vector<std::string> bases{base_url(config.server.base_url(), name, config.delay_ms, config.urls)};
  for (const auto& mirror : config.mirrors) bases.push_back(base_url(mirror, name, config.delay_ms, config.urls));
  return bases;
}
}  // namespace

crawl_session::crawl_session(scheduler& sched, transport& via, const crawl_config& config, crawl_observer* observer,
                             stop_token stop)
    : scheduler_(sched),
      transport_(via),
      config_(config),
      observer_(observer),
      stop_(std::move(stop)),
      bases_(origin_bases(config)),
      urls_(bases_.front(), config.seed),
      start_(sched.now()),
      spans_(config.num) {}

request_options crawl_session::options(connection_reuse reuse, std::size_t max_connections) const noexcept {
  return request_options{reuse, max_connections, std::chrono::milliseconds(config_.timeout_ms)};
}

task<std::size_t> crawl_session::fetch(http_client& client, std::size_t index,
                                       std::optional<clock::time_point> intended) {
  response r;
  if (stopping()) {
    r.queued = r.started = r.first_byte = r.done = scheduler_.now();
    r.error = transfer_error::cancelled;
  } else {
    if (observer_) observer_->on_issued(index, scheduler_.now() - start_);
    std::string url = urls_.next();
    // Request i goes to origin i mod K, with the same random suffix.
    if (const std::size_t origin = index % bases_.size(); origin != 0) {
      url = bases_[origin] + url.substr(bases_.front().size());
    }
    co_await client.get(std::move(url), r);
  }
  span& s = spans_[index];
  s.queued = r.queued - start_;
  s.started = r.started - start_;
  s.first_byte = r.first_byte - start_;
  s.done = r.done - start_;
  s.intended = intended ? *intended - start_ : s.started;
  s.body_bytes = r.body_bytes;
  s.status = r.status;
  s.retries = r.retries;
  s.connection = r.connection;
  if (s.opened_connection()) s.connected = r.connected - start_;
  if (r.connection == connection_use::opened_tls) s.tls_done = r.tls_done - start_;
  s.result = classify(r, expected_add_body);
  s.recorded = true;
  if (observer_) observer_->on_finished(index, s);
  co_return r.body_bytes;
}

namespace {
task<std::size_t> run_strategy(crawl_session& session) {
  switch (session.config().strategy) {
    case strategy_kind::serial: return detail::crawl_serial(session);
    case strategy_kind::gevent: return detail::crawl_gevent(session);
    case strategy_kind::tornado: return detail::crawl_tornado(session);
    case strategy_kind::aiohttp: return detail::crawl_aiohttp(session);
    case strategy_kind::batched: return detail::crawl_batched(session);
    case strategy_kind::rate: return detail::crawl_rate(session);
  }
  throw std::logic_error("unknown strategy");
}
}  // namespace

task<crawl_run> run_crawl(scheduler& sched, transport& via, crawl_config config, crawl_observer* observer,
                          stop_token stop) {
  if (auto valid = validate(config); !valid) throw std::invalid_argument(valid.error().message);
  crawl_session session{sched, via, config, observer, std::move(stop)};
  const std::size_t bytes = co_await run_strategy(session);
  crawl_run run;
  run.elapsed = sched.now() - session.started_at();
  run.result_bytes = bytes;
  run.transport = std::string(via.name());
  run.spans = session.take_spans();
  run.config = std::move(config);
  co_return run;
}

}  // namespace crawlbench
