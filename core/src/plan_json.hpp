#pragma once
// A plan and its server to and from JSON: the "plan" object of share links (docs/share-links.md)
// and of result files (docs/result-format.md). Internal to core.

#include "crawlbench/crawl_plan.hpp"
#include "crawlbench/target.hpp"
#include "json_fields.hpp"

namespace crawlbench::detail {

// {"strategies", "num", "serial_num", "delay_ms", "concurrency", "rate_rps", "timeout_ms",
// "seed", "server"} and, when they apply, "origins", "sim" (the simulator's knobs) and "url_list"
// (a list's size: never its URLs, which may hold tokens). Header values are never written.
[[nodiscard]] ordered plan_to_json(const crawl_plan& plan, const server_target& server);
// Fills `plan` and `server` (a url_list's is empty: its URLs stayed with whoever ran it). Throws
// std::runtime_error naming the bad field (under "plan"), also when the plan's runs cannot run.
void plan_from_json(const json& j, crawl_plan& plan, server_target& server);

}  // namespace crawlbench::detail
