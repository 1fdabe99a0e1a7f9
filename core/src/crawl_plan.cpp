#include "crawlbench/crawl_plan.hpp"

#include <algorithm>

#include "crawlbench/limits.hpp"
#include "crawlbench/timing.hpp"
#include "printf_string.hpp"

namespace crawlbench {

namespace {
std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// Calls `item` with each trimmed comma-separated item; stops at the first error it returns.
template <typename Item>
expected<void> for_each_item(std::string_view list, Item item) {
  for (;;) {
    const auto comma = list.find(',');
    if (expected<void> done = item(trim(list.substr(0, comma))); !done) return done;
    if (comma == std::string_view::npos) return {};
    list.remove_prefix(comma + 1);
  }
}
}  // namespace

std::vector<crawl_config> plan_runs(const crawl_plan& plan, const server_target& server) {
  std::vector<crawl_config> runs;
  for (const auto strategy : plan.strategies) {
    for (const auto c : plan.concurrency) {
      crawl_config config;
      config.strategy = strategy;
      config.server = server;
      const bool shorter = strategy == strategy_kind::serial && plan.serial_num != 0 && !server.is_url_list();
      config.num = shorter ? std::min(plan.num, plan.serial_num) : plan.num;
      config.delay_ms = plan.delay_ms;
      config.concurrency = c;
      config.rate_rps = plan.rate_rps;
      config.timeout_ms = plan.timeout_ms;
      config.seed = plan.seed;
      config.headers = plan.headers;
      config.expect_status = plan.expect_status;
      runs.push_back(std::move(config));
      if (strategy == strategy_kind::serial) break;  // concurrency 1 whatever the sweep says
    }
  }
  return runs;
}

bool runs_in_segment(const crawl_config& whole, run_segment segment) noexcept {
  return whole.strategy != strategy_kind::serial || segment.index == 0;
}

expected<crawl_config> segment_share(const crawl_config& whole, run_segment segment) {
  if (whole.strategy == strategy_kind::serial || segment.whole()) return whole;
  const std::string run = std::string(to_string(whole.strategy)) + " (C=" + std::to_string(whole.concurrency) + ")";
  const std::string k = std::to_string(segment.count);
  if (whole.num < segment.count) {
    return unexpected_error(run + ": " + std::to_string(whole.num) + " requests cannot be split over " + k +
                            " segments (each sends at least one)");
  }
  if (whole.concurrency < segment.count) {
    return unexpected_error(run + ": concurrency " + std::to_string(whole.concurrency) + " cannot be split over " + k +
                            " segments (each needs at least 1): give a concurrency of at least " + k + " or fewer segments");
  }
  if (whole.strategy == strategy_kind::rate && whole.effective_rate() / static_cast<double>(segment.count) < min_rate_rps) {
    return unexpected_error(run + ": its rate, " + detail::printf_string("%g", whole.effective_rate()) + " requests/s, is " +
                            detail::printf_string("%g", whole.effective_rate() / static_cast<double>(segment.count)) + " per segment over " +
                            k + " segments, below the least a run sends (" + detail::printf_string("%g", min_rate_rps) + " requests/s)");
  }
  crawl_config share = whole;
  share.segment = segment;
  share.num = segment.share_of_requests(whole.num);
  share.concurrency = segment.share_of_concurrency(whole.concurrency);
  if (whole.strategy == strategy_kind::rate) share.rate_rps = whole.effective_rate() / static_cast<double>(segment.count);
  return share;
}

expected<std::vector<crawl_config>> segment_runs(const crawl_plan& plan, const server_target& server, run_segment segment) {
  if (auto checked = check_segment(segment); !checked) return unexpected(std::move(checked).error());
  std::vector<crawl_config> runs;
  for (const auto& whole : plan_runs(plan, server)) {
    if (!runs_in_segment(whole, segment)) continue;
    auto share = segment_share(whole, segment);
    if (!share) return unexpected(std::move(share).error());
    runs.push_back(*std::move(share));
  }
  return runs;
}

double segment_slot_seconds(const crawl_config& whole) noexcept { return 2 * lower_bound_seconds(whole) + 2; }

std::vector<double> segment_run_offsets(const crawl_plan& plan, const server_target& server, run_segment segment) {
  std::vector<double> offsets;
  double at = 0;
  for (const auto& whole : plan_runs(plan, server)) {
    if (runs_in_segment(whole, segment)) offsets.push_back(at);
    at += segment_slot_seconds(whole);
  }
  return offsets;
}

expected<std::vector<strategy_kind>> parse_strategy_list(std::string_view list) {
  if (trim(list) == "all") return std::vector<strategy_kind>(all_strategies.begin(), all_strategies.end());
  std::vector<strategy_kind> out;
  auto done = for_each_item(list, [&](std::string_view name) -> expected<void> {
    const auto s = parse_strategy(name);
    if (!s) {
      return unexpected_error("unknown strategy '" + std::string(name) +
                              "' (serial, gevent, tornado, aiohttp, batched, rate or all)");
    }
    if (std::find(out.begin(), out.end(), *s) == out.end()) out.push_back(*s);
    return {};
  });
  if (!done) return unexpected(std::move(done).error());
  return out;
}

expected<std::vector<std::size_t>> parse_concurrency_list(std::string_view list) {
  std::vector<std::size_t> out;
  auto done = for_each_item(list, [&](std::string_view text) -> expected<void> {
    const auto value = parse_whole(text);
    if (!value || !concurrency_range.holds(*value)) {
      return unexpected_error("'" + std::string(text) + "' is not " + concurrency_range.words());
    }
    out.push_back(static_cast<std::size_t>(*value));
    return {};
  });
  if (!done) return unexpected(std::move(done).error());
  return out;
}

expected<void> validate(const crawl_plan& plan) {
  if (plan.strategies.empty()) return unexpected_error("strategy: choose at least one");
  if (plan.concurrency.empty()) return unexpected_error("concurrency: give at least one value");
  if (auto checked = check_whole("serial_num", plan.serial_num, serial_num_range); !checked) return checked;
  if (auto checked = check_whole("origins", plan.origins, whole_range{1, max_origins}); !checked) return checked;
  for (const auto& config : plan_runs(plan, server_target{})) {
    if (auto checked = validate(config); !checked) return checked;
  }
  return {};
}

}  // namespace crawlbench
