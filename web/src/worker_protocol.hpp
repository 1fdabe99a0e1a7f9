#pragma once
// The messages between the page and the crawl worker (JSON text through postMessage):
//   page -> worker  {"start": [crawl_config...]}  |  {"mixed": mixed_request}  |  {"stop": true}
//   worker -> page  {"started": [[run, t_ms_since_epoch]...], "issued": [[run, index, at_s]...],
//                    "finished": [[run, index, started_s, done_s, status, outcome
//                                  (, connection, connected_s, tls_done_s when known)]...],
//                    "ended": [{"run": i, "failure": "...", "result": <result JSON run, with spans>}...],
//                    "all_done": bool, "error": "..."}
//   worker -> page  {"mixed_started": [[run, t_ms]...], "mixed_segments": [[run, cpu 0 | io 1, item,
//                    start_s, end_s, ok]...], "mixed_ended": [{"run": i, "failure": "...",
//                    "result": <mixed_json run>}...], "all_done": bool, "error": "..."}
// The worker crawls; the page only draws what it is told, so a slow frame delays the drawing of
// a completion, never the completion.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crawlbench/crawl.hpp"
#include "crawlbench/ui/crawl_feed.hpp"
#include "crawlbench/ui/mixed_feed.hpp"
#include "crawlbench/ui/mixed_request.hpp"

namespace crawlbench::web {

// What an embedded target is on the web, in labels: the server that served the page (the page's
// runners start it at their origin; the worker is sent started targets only, as base URLs).
inline constexpr std::string_view embedded_name_on_web = "this page's server";

[[nodiscard]] std::string start_message(const std::vector<crawl_config>& runs);
// The configs of a start message, or nothing if it is not one or a number in it is out of range
// (validate(crawl_config); a negative count or seed is never wrapped around).
[[nodiscard]] std::optional<std::vector<crawl_config>> parse_start(const std::string& text);
[[nodiscard]] bool is_stop(const std::string& text);

// The CPU + I/O modes the browser runs: all but threaded (a second thread would be a second worker).
[[nodiscard]] inline std::vector<mixed_mode> browser_mixed_modes() {
  return {mixed_mode::noio, mixed_mode::serial, mixed_mode::batched, mixed_mode::async};
}

[[nodiscard]] std::string mixed_start_message(const ui::mixed_request& request);
[[nodiscard]] std::optional<ui::mixed_request> parse_mixed_start(const std::string& text);

// A batch of one of the worker's feeds as a message.
[[nodiscard]] std::string events_message(const ui::crawl_feed::batch& batch);
[[nodiscard]] std::string events_message(const ui::mixed_feed::batch& batch);
// Replays an events message of that feed's kind into the page's feed. Whether it ended the runs
// (all_done), or nothing if it is not an events message of that kind.
std::optional<bool> replay_events(const std::string& text, ui::crawl_feed& into);
std::optional<bool> replay_events(const std::string& text, ui::mixed_feed& into);

}  // namespace crawlbench::web
