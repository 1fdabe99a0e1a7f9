#pragma once
// The result of one strategy run, as every front end shows it and as the result JSON stores it
// (docs/result-format.md). summarize() is the one place that turns spans into figures.

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crawlbench/crawl.hpp"
#include "crawlbench/expected.hpp"
#include "crawlbench/span.hpp"
#include "crawlbench/timing.hpp"

namespace crawlbench {

struct strategy_result {
  std::string strategy;
  std::string transport;
  // --insecure: the servers' TLS certificates were not checked (JSON "tls": insecure_tls_note).
  bool insecure = false;
  std::size_t num = 0;
  std::int64_t delay_ms = 0;
  std::size_t concurrency = 0;  // the concurrency the strategy used (1 for serial)
  double rate_rps = 0;          // rate strategy only, else 0
  std::size_t ok = 0;
  std::size_t errors = 0;
  std::map<std::string, std::size_t> error_kinds;  // outcome name -> count, failures only
  std::size_t retries = 0;  // requests sent again on a new connection (the spans' retries summed)
  std::size_t result_bytes = 0;                     // sum of body sizes, as the book prints it
  // What connections cost (span.hpp): connections opened and TLS handshakes done, and the seconds
  // all requests spent from their start to a usable connection (connect + TLS) summed. None when
  // the transport cannot tell (no span's connection is known: the page without Resource Timing).
  std::optional<std::size_t> connections_opened;
  std::optional<std::size_t> tls_handshakes;
  std::optional<double> connection_setup_s;
  double seconds = 0;
  // When the run started, s since the Unix epoch (UTC, this machine's clock); none in virtual
  // time. What `crawlbench merge` puts the segments of one run on one time axis by.
  std::optional<double> epoch_s;
  // A merged run (merge.hpp): each segment's start after the earliest's, s, in segment order (the
  // machines' clock spread plus their start jitter); empty for a run of one process.
  std::vector<double> segment_starts_s;
  double lower_bound_s = 0;
  // The bound's floor per request is the run's fastest successful request, not a known delay (a
  // URL list of other servers; 0 s when none succeeded): "estimated" in the table, CSV and JSON.
  bool lower_bound_estimated = false;
  // lower_bound_s / seconds; none when no request succeeded (a run of fast failures is no speed-up)
  std::optional<double> efficiency;
  double throughput_rps = 0;  // successful requests per second
  latency_ms latency;
  std::size_t max_in_flight = 0;
  double in_flight_cv = 0;
  time_series series;
  std::vector<span> spans;
  // spans[i] is request i * span_stride: 1 for a crawl, more for a large run read from a share
  // link, which keeps every k-th request's span (the figures above stay exact).
  std::size_t span_stride = 1;

  [[nodiscard]] bool succeeded() const noexcept { return errors == 0 && ok == num; }
};

// What the result JSON's "tls" field, the table's header and the CLI say of an insecure run.
inline constexpr std::string_view insecure_tls_note = "insecure: certificate not checked";

// Takes the run by value: pass it with std::move to hand over the spans without a copy.
[[nodiscard]] strategy_result summarize(crawl_run run);

// The whole document: {"format": "crawlbench-result", "version": 1, "runs": [...]}.
inline constexpr std::string_view result_format_name = "crawlbench-result";
inline constexpr int result_format_version = 1;

[[nodiscard]] std::string write_results_json(const std::vector<strategy_result>& runs, bool with_spans, int indent = -1);

// The runs, or an error saying what is wrong with the document. Never throws on bad input.
[[nodiscard]] expected<std::vector<strategy_result>> read_results_json(std::string_view text);

}  // namespace crawlbench
