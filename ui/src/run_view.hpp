#pragma once
// One run as the UI shows it, live: its configuration, every request's span as far as known, the
// instances the GPU draws, and the result once it ended.

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "crawlbench/crawl.hpp"
#include "crawlbench/result.hpp"
#include "crawlbench/timing.hpp"
#include "crawlbench/ui/crawl_feed.hpp"
#include "crawlbench/ui/span_renderer.hpp"

namespace crawlbench::ui {

enum class run_state { waiting, running, done };

struct run_view {
  crawl_config config;
  std::string client;  // the HTTP client named in the title: "asio"; empty for the runner's default
  run_state state = run_state::waiting;
  std::chrono::steady_clock::time_point started_at;
  std::vector<span> spans;               // by request index; `recorded` once finished
  std::vector<span_instance> instances;  // the same, as the GPU draws them
  std::size_t dirty_first = 0, dirty_last = 0;  // instances changed since the last upload
  // When requests outnumber the plot's pixel rows, or some opened a connection (whose connect and
  // TLS handshake are quads of their own), the GPU gets these instead (span_lod.hpp): `lines_of`
  // requests merged into each pixel row. 0: the GPU holds `instances` as they are.
  std::vector<span_instance> merged;
  std::size_t lines_of = 0;
  std::size_t issued = 0, finished = 0, failed = 0;
  std::size_t opened_connections = 0, tls_handshakes = 0;  // of the finished requests, as far as known
  std::optional<strategy_result> result;
  double client_cpu_us_per_request = 0;
  std::string failure;  // the run could not be carried out
  std::unique_ptr<span_renderer::buffer> gpu;

  // The throughput and in-flight series, recomputed at most a few times a second while live.
  time_series series;
  std::chrono::steady_clock::time_point series_at;

  explicit run_view(crawl_config c);
  [[nodiscard]] std::string title() const;  // "aiohttp C=100", "aiohttp C=100 (asio)"
  // Seconds since the run started: its elapsed time once done, 0 before it started.
  [[nodiscard]] double now_s(std::chrono::steady_clock::time_point now) const;
  [[nodiscard]] double lower_bound_s() const { return lower_bound_seconds(config); }

  void apply(const request_event& e);
  void end(crawl_feed::run_end&& e);
  // Recomputes `series` when it is older than `max_age` (always once the run is done).
  void refresh_series(std::chrono::steady_clock::time_point now, std::chrono::milliseconds max_age);

 private:
  void count_connection(const span& s);
};

}  // namespace crawlbench::ui
