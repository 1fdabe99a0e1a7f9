#include "worker_runner.hpp"

#include <emscripten.h>
#include <nlohmann/json.hpp>

#include <utility>

#include "crawlbench/portable_cpu.hpp"
#include "probe.hpp"
#include "worker_protocol.hpp"

namespace crawlbench::web {

namespace {
worker_runner* the_runner = nullptr;

EM_JS(void, start_worker, (), {
  Module.crawlWorker = new Worker('crawlbench_worker.js');
  Module.crawlWorker.onmessage = (event) => Module.callWithText('crawlbench_page_message', event.data);
  Module.crawlWorker.onerror = (event) => console.error('crawlbench: the crawl worker failed: ' + event.message);
});
// A delay server lists its listeners at /origins; each is an origin of its own for the browser.
// This page's origin: a static host has none (a 404, or a page that is not JSON).
EM_JS(void, ask_for_origins, (), {
  const settle = (list) => Module.callWithText('crawlbench_page_origins', list);
  fetch('/origins')
      .then((response) => response.ok ? response.json() : Promise.reject(new Error('HTTP ' + response.status)))
      .then((list) => settle(JSON.stringify(list.origins || [])))
      .catch((error) => { console.log('crawlbench: no delay server at the page origin (/origins: ' + error + ')'); settle(""); });
});
EM_JS(void, post_to_worker, (const char* text), { Module.crawlWorker.postMessage(UTF8ToString(text)); });

constexpr const char* still_asking = "still asking this page's origin for its /origins: Run again in a moment";

// The origins a JSON list names, or nothing when it is not a list.
std::optional<std::vector<std::string>> origins_of(const char* text) {
  const auto list = nlohmann::json::parse(text ? text : "", nullptr, false);
  if (!list.is_array()) return std::nullopt;
  std::vector<std::string> origins;
  for (const auto& o : list) {
    if (o.is_string()) origins.push_back(o.get<std::string>());
  }
  return origins;
}
}  // namespace

extern "C" EMSCRIPTEN_KEEPALIVE void crawlbench_page_message(const char* text) {
  if (the_runner) the_runner->on_message(text ? text : "");
}

extern "C" EMSCRIPTEN_KEEPALIVE void crawlbench_page_origins(const char* text) {
  if (the_runner) the_runner->set_origins(origins_of(text));
}

worker_runner::worker_runner(std::string origin, std::function<void()> settled)
    : origin_(std::move(origin)), settled_(std::move(settled)) {
  the_runner = this;
  start_worker();
  ask_for_origins();
}

std::string worker_runner::embedded_name() const { return std::string(embedded_name_on_web); }

server_target worker_runner::shared_as(const server_target& crawled) const {
  return crawled.is_embedded() ? server_target{url_target{origin_}} : crawled;
}

void worker_runner::set_origins(std::optional<std::vector<std::string>> origins) {
  embedded_available_ = origins.has_value() && !origins->empty();
  origins_ = origins.value_or(std::vector<std::string>{});
  if (settled_) std::exchange(settled_, nullptr)();
}

void worker_runner::post(const std::string& text) {
  if (ready_) post_to_worker(text.c_str());
  else waiting_.push_back(text);
}

void worker_runner::start(std::vector<crawl_config> runs, std::size_t origins) {
  if (busy_) return;
  const server_target target = runs.empty() ? server_target{simulated_target{}} : runs.front().server;
  if (target.is_embedded() && !embedded_available_) return refuse(false, still_asking);
  if (target.is_embedded() && !*embedded_available_) {
    return refuse(false, "this page's origin has no delay server (it does not answer /origins): choose simulated, or "
                         "a delay server's URL");
  }
  for (auto& config : runs) config.server = config.server.started_at(origin_);
  pending_start p{std::move(runs), origins, false, {}, target.is_embedded() ? origin_ : std::string()};
  if (target.is_embedded()) return send(std::move(p), origins_);
  // The simulator has no origins; a list names its own servers, and each of them answers for
  // itself (what CORS blocks fails as that request's own "blocked (CORS, or unreachable)").
  if (target.is_simulated() || target.is_url_list()) return send(std::move(p), {});
  probe(std::move(p), target);
}

void worker_runner::start_mixed(ui::mixed_request request) {
  if (busy_) return;
  const server_target target = request.base.server;
  if (target.is_embedded() && !embedded_available_) return refuse(true, still_asking);
  if (target.is_embedded() && !*embedded_available_) {
    return refuse(true, "this page's origin has no delay server (it does not answer /origins): choose a delay server's URL");
  }
  request.base.server = target.started_at(origin_);
  pending_start p{{}, 1, true, mixed_start_message(request), request.base.server.describe(embedded_name())};
  if (target.is_embedded()) return send(std::move(p), origins_);
  probe(std::move(p), target);
}

void worker_runner::probe(pending_start p, const server_target& target) {
  busy_ = true;
  set_server_label(target.describe(embedded_name()) + " (asking its /origins)");
  const std::string base = target.base_url();
  probing_ = std::move(p);
  probing_->label = target.describe(embedded_name());
  probe_server(base, [this, id = ++probe_id_, base](probe_result r) { on_probed(id, base, std::move(r)); });
}

void worker_runner::on_probed(int id, const std::string& base, probe_result probed) {
  if (!probing_ || id != probe_id_) return;  // given up (Stop) meanwhile
  pending_start p = std::move(*probing_);
  probing_.reset();
  busy_ = false;
  const auto why = ui::explain_reachability(origin_, base, probed.outcome, probed.permission);
  if (!probed.detail.empty()) emscripten_log(EM_LOG_CONSOLE, "crawlbench: %s/origins: %s", base.c_str(), probed.detail.c_str());
  if (!why.can_crawl) return refuse(p.mixed, std::string(ui::unreachable_server) + " " + p.label + ": " + why.message);
  if (probed.origins.empty()) probed.origins = {base};  // not crawlbench-server: its own URL, one origin
  if (!why.message.empty()) emscripten_log(EM_LOG_CONSOLE, "crawlbench: %s", why.message.c_str());
  send(std::move(p), probed.origins);
}

void worker_runner::send(pending_start p, const std::vector<std::string>& listeners) {
  if (p.mixed) return begin(std::move(p.label), p.mixed_message);
  if (auto spread = ui::spread_over(p.runs, listeners, p.origins); !spread) return refuse(false, spread.error().message);
  begin(p.runs.empty() ? std::string() : p.runs.front().server.describe(embedded_name()), start_message(p.runs));
}

void worker_runner::refuse(bool mixed, std::string why) {
  set_server_label({});
  if (mixed) mixed_news().all_done(std::move(why));
  else crawl_news().all_done(std::move(why));
}

void worker_runner::begin(std::string label, const std::string& message) {
  set_server_label(std::move(label));
  busy_ = true;
  post(message);
}

std::string worker_runner::failure_words(std::string_view kind) const {
  // fetch_transport's transfer_error::other: no HTTP response, and the browser does not say why.
  if (kind == to_string(outcome::transport_error)) return "blocked (CORS, or unreachable)";
  return std::string(kind);
}

std::string worker_runner::mixed_cpu_name(int cost) const { return portable_cpu_task::describe(cost); }

std::vector<mixed_mode> worker_runner::mixed_modes() const {
  return browser_mixed_modes();
}

void worker_runner::stop() {
  if (probing_) {  // nothing was sent yet: the answer to the probe is dropped
    const bool mixed = probing_->mixed;
    probing_.reset();
    busy_ = false;
    return refuse(mixed, "stopped");
  }
  post("{\"stop\":true}");
}

void worker_runner::on_message(const std::string& text) {
  if (text == "{\"ready\":true}") {
    ready_ = true;
    for (const auto& message : waiting_) post_to_worker(message.c_str());
    waiting_.clear();
    return;
  }
  auto done = replay_events(text, crawl_news());
  if (!done) done = replay_events(text, mixed_news());
  if (!done) {
    emscripten_log(EM_LOG_ERROR, "crawlbench: an unreadable message from the crawl worker");
    return;
  }
  if (*done) busy_ = false;  // all_done reached the feed: the crawl is over for the UI too
}

}  // namespace crawlbench::web
