#include "crawlbench/crawl.hpp"

#include <cmath>
#include <utility>

#include "crawlbench/detail/strategies.hpp"
#include "crawlbench/http_url.hpp"
#include "crawlbench/limits.hpp"
#include "crawlbench/request_headers.hpp"
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
  const std::int64_t floor = floor_ms().value_or(0);  // unknown: validate() asks for a rate
  return static_cast<double>(concurrency) * 1000.0 / static_cast<double>(floor > 0 ? floor : 1);
}

namespace {
// What a url_list target asks of the rest of the configuration; what a delay server's target does.
expected<void> check_list_fields(const crawl_config& config) {
  const auto* list = config.server.url_list();
  if (list == nullptr) {
    if (config.expect_status != expected_statuses{}) {
      return unexpected_error("expect-status: only for a URL list (the delay server's answers are checked exactly: 200 and \".\")");
    }
    return {};
  }
  if (const std::size_t share = config.segment.share_of_requests(list->urls.size()); config.num != share) {
    return unexpected_error("num: a list of " + with_thousands(list->urls.size()) + " URLs makes " + with_thousands(share) +
                            " requests" + (config.segment.whole() ? "" : " in segment " + std::to_string(config.segment.index) + "/" +
                                                                           std::to_string(config.segment.count)) +
                            ", not " + with_thousands(config.num));
  }
  if (!config.mirrors.empty()) {
    return unexpected_error("origins: a URL list names its own servers; spreading over a server's listeners is for a delay server");
  }
  if (config.strategy == strategy_kind::rate && config.rate_rps == 0 && !config.floor_ms()) {
    return unexpected_error("rate: give the rate (requests/s) for a URL list: its requests' floor is known only for "
                            "delay server /add URLs of one delay");
  }
  return {};
}
}  // namespace

expected<void> validate(const crawl_config& config) {
  if (auto checked = check_whole("num", config.num, num_range); !checked) return checked;
  if (auto checked = check_whole("concurrency", config.concurrency, concurrency_range); !checked) return checked;
  if (auto checked = check_whole_signed("delay", config.delay_ms, delay_ms_range); !checked) return checked;
  if (auto checked = check_whole_signed("timeout", config.timeout_ms, timeout_ms_range); !checked) return checked;
  if (auto checked = check_rate(config.rate_rps); !checked) return checked;
  if (auto checked = check_segment(config.segment); !checked) return checked;
  if (auto url = config.server.check(); !url) return unexpected_error("server: " + url.error().message);
  for (const auto& mirror : config.mirrors) {
    if (auto url = check_server_url(mirror); !url) return unexpected_error("origins: " + url.error().message);
  }
  if (auto list = check_list_fields(config); !list) return list;
  if (auto headers = check_request_headers(config.headers); !headers) return headers;
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
  if (config.server.is_url_list()) return {};  // each request has its own URL
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
      list_(config.server.url_list()),
      bases_(origin_bases(config)),
      urls_(bases_.empty() ? std::string() : bases_.front(), config.seed),
      start_(sched.now()),
      spans_(config.num) {}

request_options crawl_session::options(connection_reuse reuse, std::size_t max_connections) const noexcept {
  request_options o{reuse, max_connections, std::chrono::milliseconds(config_.timeout_ms)};
  o.headers = config_.headers;
  return o;
}

task<std::size_t> crawl_session::fetch(http_client& client, std::size_t index,
                                       std::optional<clock::time_point> intended) {
  response r;
  if (stopping()) {
    r.queued = r.started = r.first_byte = r.done = scheduler_.now();
    r.error = transfer_error::cancelled;
  } else {
    if (observer_) observer_->on_issued(index, scheduler_.now() - start_);
    co_await client.get(next_url(index), r);
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
  s.result = list_ ? classify(r, config_.expect_status) : classify(r, expected_add_body);
  s.recorded = true;
  if (observer_) observer_->on_finished(index, s);
  co_return r.body_bytes;
}

std::string crawl_session::next_url(std::size_t index) {
  const std::size_t whole = config_.segment.whole_request(index);
  if (list_) return list_->urls[whole];
  urls_.seek(whole);
  std::string url = urls_.next();
  // Request i goes to origin i mod K, with the same random suffix.
  if (const std::size_t origin = whole % bases_.size(); origin != 0) {
    url = bases_[origin] + url.substr(bases_.front().size());
  }
  return url;
}

std::string request_url(const crawl_config& config, std::size_t index) {
  const std::size_t whole = config.segment.whole_request(index);
  if (const auto* list = config.server.url_list()) return whole < list->urls.size() ? list->urls[whole] : std::string();
  const std::string server = config.server.started() ? config.server.base_url() : std::string();
  const std::string name = config.name.empty() ? std::string(to_string(config.strategy)) : config.name;
  url_generator urls{base_url(server, name, config.delay_ms, config.urls), config.seed};
  urls.seek(whole);
  return urls.next();
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
  run.epoch_s = sched.time().unix_seconds(session.started_at());
  run.result_bytes = bytes;
  run.transport = std::string(via.name());
  run.spans = session.take_spans();
  run.config = std::move(config);
  co_return run;
}

}  // namespace crawlbench
