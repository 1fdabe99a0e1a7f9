#pragma once
// Why the page cannot reach a delay server, in words a user can act on. Before a crawl the page
// asks `<server>/origins` (web/src/probe.hpp); when that fails, a browser says only "failed to
// fetch", whatever the cause. This judges the likely cause from what the probe saw and the two
// URLs: mixed content, the Local Network Access permission (Chromium 142 and later), CORS, or
// nothing listening. Platform-neutral and pure: no browser call in here. docs/web.md, "When the
// page cannot reach a server", explains each case with the message shown.
#include <string>
#include <string_view>

namespace crawlbench::ui {

// How long the probe waits for <server>/origins before it counts as a network error (ms).
inline constexpr int probe_timeout_ms = 5000;

// What `probe_server` saw.
enum class probe_outcome {
  answered,            // <server>/origins answered 200 with JSON {"origins": [...]}
  not_a_delay_server,  // the server answered, with a 404 or without JSON origins
  refused_by_cors,     // the CORS fetch failed, a no-cors fetch got an opaque answer: no
                       // Access-Control-Allow-Origin for this page
  network_error        // both fetches failed (or timed out): blocked before or on the way
};

// navigator.permissions.query({name: 'loopback-network' / 'local-network' /
// 'local-network-access'}).state, or unknown where the browser has no such permission.
enum class lna_permission { unknown, prompt, granted, denied };

// The cause judged, in the order it is checked.
enum class reach_cause {
  none,                     // answered: crawl with the listed origins
  not_a_delay_server,       // crawl on, with the server's URL as the one origin
  bad_url,                  // the server's URL does not parse (check_server_url's message)
  mixed_content,            // https page, plain-http server that is not local
  insecure_page_local,      // plain-http public page, local server: it cannot ask the permission
  local_network_denied,     // the user (or a policy) denied Local Network Access
  local_network_not_given,  // the permission was never answered, or is not known
  cors,                     // the server answers without Access-Control-Allow-Origin
  unreachable               // nothing answers there
};

struct reachability {
  reach_cause cause = reach_cause::none;
  bool can_crawl = false;  // true for none and not_a_delay_server
  std::string message;     // one paragraph for the run panel; "" for none
};

// `page_url`: the page's own URL (location.href; a file:// or unparsable URL counts as a local
// page, as Chromium treats file:// like http://localhost). `server_url`: the delay server's base
// URL as the user gave it. Never throws.
[[nodiscard]] reachability explain_reachability(std::string_view page_url, std::string_view server_url,
                                                probe_outcome outcome, lna_permission permission);

// "answered", "not-a-delay-server", "refused-by-cors", "network-error": the names probe.cpp's
// JavaScript reports; network_error for any other text (the probe failed).
[[nodiscard]] probe_outcome probe_outcome_from(std::string_view name) noexcept;
// "granted", "prompt", "denied" (PermissionStatus.state); unknown for anything else.
[[nodiscard]] lna_permission lna_permission_from(std::string_view state) noexcept;

}  // namespace crawlbench::ui
