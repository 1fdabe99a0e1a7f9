#pragma once
// What a user asks for (strategies, N, delay, one concurrency or a sweep, ...) and the list of
// runs it becomes. The CLI's `run` and the GUI's run panel both fill one in.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "crawlbench/crawl.hpp"
#include "crawlbench/expected.hpp"
#include "crawlbench/target.hpp"

namespace crawlbench {

struct crawl_plan {
  std::vector<strategy_kind> strategies{all_strategies.begin(), all_strategies.end()};
  std::size_t num = 1000;
  std::size_t serial_num = 50;  // serial takes N·delay; 0 runs the full N
  std::int64_t delay_ms = 100;
  std::vector<std::size_t> concurrency{100};  // more than one value: a sweep
  double rate_rps = 0;
  std::int64_t timeout_ms = 30'000;
  std::uint64_t seed = 1;
  std::size_t origins = 1;  // the web: spread requests over this many of the server's listeners
  std::vector<std::string> headers;  // every run's crawl_config::headers (values are secrets: never in a share link)
  expected_statuses expect_status;   // every run's crawl_config::expect_status (URL lists)
};

// The most origins a plan may spread over (a browser's 6 connections each: 384 in flight).
inline constexpr std::size_t max_origins = 64;

// One run per strategy and concurrency, in that order; serial once, at concurrency 1 and at most
// `serial_num` requests (a URL list's serial run fetches the whole list, as every strategy does).
// Each run's server is `server`, as resolved where the user chose it.
[[nodiscard]] std::vector<crawl_config> plan_runs(const crawl_plan& plan, const server_target& server);

// Whether segment `segment` of a split plan runs a share of `whole` (one of plan_runs' runs):
// every segment does, except for serial (concurrency 1), which segment 0 runs whole and alone.
[[nodiscard]] bool runs_in_segment(const crawl_config& whole, run_segment segment) noexcept;
// `whole`'s share for `segment` (segment.hpp): num and concurrency its shares, for rate the whole
// rate (rate_rps, or C / delay) divided by K; serial (segment 0's) unchanged. An error naming the
// run when it cannot be split K ways: fewer requests or a lower concurrency than K.
[[nodiscard]] expected<crawl_config> segment_share(const crawl_config& whole, run_segment segment);
// The runs segment `segment` of the plan does (`crawlbench run --segment I/K`), in plan_runs'
// order: each run segment_share'd, serial in segment 0 alone; the first error of segment_share.
[[nodiscard]] expected<std::vector<crawl_config>> segment_runs(const crawl_plan& plan, const server_target& server,
                                                               run_segment segment);

// When each of segment's runs (segment_runs) begins, s after the segments' common start: run r of
// the plan at the sum of the earlier runs' slots, a slot being 2 x the whole run's bound + 2 s
// (segment_slot_seconds). Every segment computes the same times from the plan, so each run begins
// together in all of them, whichever finished the run before first; segment 0's serial run, which
// the others skip, is waited out by them too. A run that outlasts its slot starts the next late.
[[nodiscard]] std::vector<double> segment_run_offsets(const crawl_plan& plan, const server_target& server, run_segment segment);
// A whole run's slot in a split plan, s: 2 x lower_bound_seconds + 2 (an unknown floor counts 0).
[[nodiscard]] double segment_slot_seconds(const crawl_config& whole) noexcept;

// Success when every run can run, else an error naming the first bad field (serial_num, origins,
// an empty list, or a field of one of its runs: validate(crawl_config)).
[[nodiscard]] expected<void> validate(const crawl_plan& plan);

// "serial,gevent" or "all"; the strategies, or an error naming the bad one.
[[nodiscard]] expected<std::vector<strategy_kind>> parse_strategy_list(std::string_view list);
// "1,26,51": whole numbers in concurrency_range (1 to 1,000,000); the values, or an error naming the bad one.
[[nodiscard]] expected<std::vector<std::size_t>> parse_concurrency_list(std::string_view list);

}  // namespace crawlbench
