#pragma once
// Before a crawl of a delay server, the page asks <base>/origins with fetch(), and when that fails
// finds out enough to say why (ui/reachability.hpp judges the cause and words the message):
//   1. a CORS fetch of <base>/origins, aborted after ui::probe_timeout_ms;
//   2. when it fails, the same fetch with mode 'no-cors': an opaque answer means the server is
//      there but sends no Access-Control-Allow-Origin; a failure means nothing answered, or the
//      browser refused before sending (mixed content, Local Network Access);
//   3. meanwhile navigator.permissions.query() of the Local Network Access permission, when the
//      server is loopback or local and the browser knows the permission.
#include <functional>
#include <string>
#include <vector>

#include "crawlbench/ui/reachability.hpp"

namespace crawlbench::web {

struct probe_result {
  ui::probe_outcome outcome = ui::probe_outcome::network_error;
  ui::lna_permission permission = ui::lna_permission::unknown;
  std::vector<std::string> origins;  // answered: the server's listeners, as /origins lists them
  std::string detail;                // the browser's own error text, for the console ("" if none)
};

// Starts the probe of the delay server at `base_url` (checked with check_server_url: a trailing
// '/' is dropped) and returns at once. `done` is called exactly once, later, on the page's thread
// (from a settled JavaScript promise), after at most about twice ui::probe_timeout_ms. Nothing
// is kept between probes: several may run at once, each with its own callback.
void probe_server(const std::string& base_url, std::function<void(probe_result)> done);

}  // namespace crawlbench::web
