#include "probe.hpp"

#include <emscripten.h>
#include <nlohmann/json.hpp>

#include <memory>

#include "crawlbench/address_space.hpp"
#include "crawlbench/http_url.hpp"

namespace crawlbench::web {

namespace {
using probe_callback = std::function<void(probe_result)>;

// The probe in JavaScript. `space` is the server's address space ("loopback", "local", "public"):
// Chromium 145 and later name the permission per space ('loopback-network', 'local-network'),
// 142-144 only 'local-network-access' (now their alias); a browser without it throws or rejects,
// hence the catches (a throw inside .then becomes a rejection). Promise chains, not async functions: Emscripten 3.1.6 parses this JavaScript itself.
// `context` is handed back untouched to crawlbench_probe_done.
EM_JS(void, start_probe, (const char* base, const char* space, int timeout_ms, void* context), {
  const url = UTF8ToString(base) + '/origins';
  const spaceName = UTF8ToString(space);
  const get = (mode) => {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeout_ms);
    return Promise.resolve()
        .then(() => fetch(url, {mode: mode, cache: 'no-store', signal: abort.signal}))
        .finally(() => clearTimeout(timer));
  };
  const listed = (response) => {
    if (!response.ok) return {outcome: 'not-a-delay-server', detail: 'HTTP ' + response.status};
    return response.json().then(
        (list) => (list && Array.isArray(list.origins))
                      ? {outcome: 'answered', origins: list.origins.filter((o) => typeof o === 'string')}
                      : {outcome: 'not-a-delay-server', detail: 'no "origins" list in the answer'},
        (error) => ({outcome: 'not-a-delay-server', detail: String(error)}));
  };
  const seen = get('cors').then(listed, (error) => get('no-cors').then(
      () => ({outcome: 'refused-by-cors', detail: String(error)}),
      () => ({outcome: 'network-error', detail: String(error)})));
  const ask = (name) => Promise.resolve().then(() => navigator.permissions.query({name: name})).then((status) => status.state);
  const perNetwork = spaceName === 'loopback' ? 'loopback-network' : 'local-network';
  const permission = (spaceName === 'public' || !navigator.permissions)
                         ? Promise.resolve('unknown')
                         : ask(perNetwork).catch(() => ask('local-network-access')).catch(() => 'unknown');
  Promise.all([seen, permission]).then((both) => {
    const report = Object.assign({origins: []}, both[0], {permission: both[1]});
    Module.callWithText('crawlbench_probe_done', JSON.stringify(report), [context]);
  });
});

probe_result result_of(const char* text) {
  probe_result result;
  const auto report = nlohmann::json::parse(text ? text : "", nullptr, false);
  if (!report.is_object()) return result;  // network_error: nothing readable came back
  result.outcome = ui::probe_outcome_from(report.value("outcome", ""));
  result.permission = ui::lna_permission_from(report.value("permission", ""));
  result.detail = report.value("detail", "");
  if (const auto list = report.find("origins"); list != report.end() && list->is_array()) {
    for (const auto& origin : *list) {
      if (origin.is_string()) result.origins.push_back(origin.get<std::string>());
    }
  }
  return result;
}
}  // namespace

// Called once per probe from start_probe's promise: takes back the callback probe_server handed out.
extern "C" EMSCRIPTEN_KEEPALIVE void crawlbench_probe_done(const char* text, void* context) {
  const std::unique_ptr<probe_callback> done(static_cast<probe_callback*>(context));
  try {
    (*done)(result_of(text));
  } catch (const std::exception& error) {
    emscripten_log(EM_LOG_ERROR, "crawlbench: the probe's callback failed: %s", error.what());
  }
}

void probe_server(const std::string& base_url, std::function<void(probe_result)> done) {
  std::string base = base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  const auto url = parse_http_url(base);
  const auto space = url ? address_space_of(url->host) : address_space::public_internet;
  // Owned by the JavaScript promise until crawlbench_probe_done takes it back.
  auto* context = new probe_callback(std::move(done));
  start_probe(base.c_str(), std::string(to_string(space)).c_str(), ui::probe_timeout_ms, context);
}

}  // namespace crawlbench::web
