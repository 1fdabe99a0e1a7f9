#pragma once
// One crawl: a strategy fetching `num` cache-busting URLs from a delay server (or the `num` URLs
// of a url_list target, in order) through a transport, recording a span per request. The strategies (serial, gevent, tornado, aiohttp, batched, rate)
// are written once, here in core, and run unchanged on every transport.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crawlbench/clock.hpp"
#include "crawlbench/expect_status.hpp"
#include "crawlbench/expected.hpp"
#include "crawlbench/http_client.hpp"
#include "crawlbench/scheduler.hpp"
#include "crawlbench/segment.hpp"
#include "crawlbench/span.hpp"
#include "crawlbench/stop.hpp"
#include "crawlbench/target.hpp"
#include "crawlbench/task.hpp"
#include "crawlbench/transport.hpp"
#include "crawlbench/url.hpp"

namespace crawlbench {

enum class strategy_kind { serial, gevent, tornado, aiohttp, batched, rate };

inline constexpr std::array all_strategies = {strategy_kind::serial,  strategy_kind::gevent,
                                              strategy_kind::tornado, strategy_kind::aiohttp,
                                              strategy_kind::batched, strategy_kind::rate};

[[nodiscard]] std::string_view to_string(strategy_kind s) noexcept;
[[nodiscard]] std::optional<strategy_kind> parse_strategy(std::string_view name) noexcept;

struct crawl_config {
  strategy_kind strategy = strategy_kind::aiohttp;
  server_target server = url_target{"http://127.0.0.1:8082"};  // an embedded one must be started to run
  std::size_t num = 1000;
  std::int64_t delay_ms = 100;
  std::size_t concurrency = 100;  // ignored by serial, which is concurrency 1 by definition
  double rate_rps = 0;            // rate strategy only; 0 means concurrency / delay, the ideal
  std::int64_t timeout_ms = 30'000;
  std::uint64_t seed = 1;         // the random URL suffixes
  std::string name;               // `name=` in the URLs; empty means the strategy's name
  // More base URLs of the same server (its other listeners): request i goes to
  // {server, mirrors...}[i % (1 + mirrors.size())]. Browsers allow 6 connections per origin; each
  // listener is an origin of its own.
  std::vector<std::string> mirrors;
  url_form urls = url_form::query;  // os_path_join replays the book's aiohttp mistake
  // "Name: value" lines sent with every request (request_headers.hpp); values never leave the crawl.
  std::vector<std::string> headers;
  // A url_list target's successes: these statuses, whatever the body. The delay server's URLs
  // keep their exact check (200 and "."); validate() refuses a set other than the default there.
  expected_statuses expect_status;
  // Which share of a whole run this is (--segment I/K): num and concurrency are then the share's,
  // request j is the whole run's request segment.whole_request(j) (its URL, its origin, and for
  // rate its place in the whole schedule at rate_rps · K). The whole run by default.
  run_segment segment;

  // The per-request floor the lower bound is built on, ms: delay_ms for a delay server, a
  // url_list's common /add delay (server_target::list_delay_ms); nothing when not known before
  // the run (other URLs: summarize() estimates it).
  [[nodiscard]] std::optional<std::int64_t> floor_ms() const noexcept {
    return server.is_url_list() ? server.list_delay_ms() : std::optional<std::int64_t>(delay_ms);
  }
  // The concurrency the strategy really uses (1 for serial).
  [[nodiscard]] std::size_t effective_concurrency() const noexcept {
    return strategy == strategy_kind::serial ? 1 : concurrency;
  }
  // Requests per second the rate strategy sends at: rate_rps, or concurrency / floor.
  [[nodiscard]] double effective_rate() const noexcept;
};

// Success when the configuration can run (every number in range, and a lower bound of at most
// max_run_seconds; for a url_list target, num equal to its number of URLs (a segment's share of
// them), no mirrors, and a rate given when the floor is not known), else an error naming the first bad field and its range in
// words (limits.hpp). Header values are never in the message.
[[nodiscard]] expected<void> validate(const crawl_config& config);

// The URL request `index` fetches (of a segment: the whole run's request segment.whole_request):
// a url_list's entry, or the delay server's generated URL (the path alone while an embedded server
// has no URL). For showing one request, not for crawling.
[[nodiscard]] std::string request_url(const crawl_config& config, std::size_t index);

// Sees a crawl as it happens, on the crawl's thread: the GUI's live call graph. Calls are cheap
// and must not block; a crawl without an observer pays one null check per request.
class crawl_observer {
 public:
  virtual ~crawl_observer() = default;
  // Request `index` was handed to the client at `issued` (relative to the run's start).
  virtual void on_issued(std::size_t index, clock::duration issued) = 0;
  // Request `index` finished; its span is final.
  virtual void on_finished(std::size_t index, const span& s) = 0;
};

// What a strategy is given: the configuration, the scheduler, and fetch(), which performs request
// `index` through a client, checks the response and records its span.
class crawl_session {
 public:
  crawl_session(scheduler& sched, transport& via, const crawl_config& config, crawl_observer* observer = nullptr,
                stop_token stop = {});

  [[nodiscard]] const crawl_config& config() const noexcept { return config_; }
  [[nodiscard]] scheduler& sched() const noexcept { return scheduler_; }
  [[nodiscard]] transport& via() const noexcept { return transport_; }
  [[nodiscard]] request_options options(connection_reuse reuse, std::size_t max_connections = 0) const noexcept;

  // Fetches request `index` and yields its body size, whatever its status (as the book's
  // crawlers sum `len(response)`); the span records whether it was correct. `intended` is when
  // the request should have been sent (rate); by default, when it really was.
  [[nodiscard]] task<std::size_t> fetch(http_client& client, std::size_t index,
                                        std::optional<clock::time_point> intended = std::nullopt);

  [[nodiscard]] clock::time_point started_at() const noexcept { return start_; }
  // Once stop is requested, requests not yet issued are recorded as cancelled without being sent,
  // and the rate strategy ends its schedule. (In-flight requests are the transport's to cancel.)
  [[nodiscard]] bool stopping() const noexcept { return stop_.stop_requested(); }
  [[nodiscard]] const stop_token& stop() const noexcept { return stop_; }
  [[nodiscard]] std::vector<span> take_spans() noexcept { return std::move(spans_); }

 private:
  // Request `index`'s URL: the list's, or the generator's on origin (whole request number) mod K.
  [[nodiscard]] std::string next_url(std::size_t index);

  scheduler& scheduler_;
  transport& transport_;
  const crawl_config& config_;
  crawl_observer* observer_;
  stop_token stop_;
  const url_list_target* list_;       // a url_list target's URLs, else null
  std::vector<std::string> bases_;  // the crawl's base URL on each origin: the server's, then the mirrors' (none for a list)
  url_generator urls_;               // on bases_.front()
  clock::time_point start_;
  std::vector<span> spans_;
};

// Everything measured in one run; the timing model (timing.hpp) derives the figures from it.
struct crawl_run {
  crawl_config config;
  std::string transport;
  clock::duration elapsed{};
  // When the run started, s since the Unix epoch (clock::unix_seconds); none in virtual time.
  std::optional<double> epoch_s;
  std::size_t result_bytes = 0;
  std::vector<span> spans;  // index i is request i; times relative to the run's start
};

// `observer`, when given, must outlive the crawl. `stop` ends it early (crawl_session::stopping());
// the transport's own stop_callback cancels what is in flight.
[[nodiscard]] task<crawl_run> run_crawl(scheduler& sched, transport& via, crawl_config config,
                                        crawl_observer* observer = nullptr, stop_token stop = {});

}  // namespace crawlbench
