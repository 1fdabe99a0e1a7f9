#include "worker_runner.hpp"

#include <emscripten.h>
#include <nlohmann/json.hpp>

#include "crawlbench/portable_cpu.hpp"
#include "worker_protocol.hpp"

namespace crawlbench::web {

namespace {
worker_runner* the_runner = nullptr;

EM_JS(void, start_worker, (), {
  Module.crawlWorker = new Worker('crawlbench_worker.js');
  Module.crawlWorker.onmessage = (event) => Module.ccall('crawlbench_page_message', null, ['string'], [event.data]);
  Module.crawlWorker.onerror = (event) => console.error('crawlbench: the crawl worker failed: ' + event.message);
});
// The server lists its listeners at /origins; each is an origin of its own for the browser.
EM_JS(void, ask_for_origins, (), {
  fetch('/origins')
      .then((response) => response.json())
      .then((list) => Module.ccall('crawlbench_page_origins', null, ['string'], [JSON.stringify(list.origins || [])]))
      .catch((error) => console.error('crawlbench: no /origins from the server: ' + error));
});
EM_JS(void, post_to_worker, (const char* text), { Module.crawlWorker.postMessage(UTF8ToString(text)); });
}  // namespace

extern "C" EMSCRIPTEN_KEEPALIVE void crawlbench_page_message(const char* text) {
  if (the_runner) the_runner->on_message(text ? text : "");
}

extern "C" EMSCRIPTEN_KEEPALIVE void crawlbench_page_origins(const char* text) {
  const auto list = nlohmann::json::parse(text ? text : "", nullptr, false);
  if (!the_runner || !list.is_array()) return;
  std::vector<std::string> origins;
  for (const auto& o : list) {
    if (o.is_string()) origins.push_back(o.get<std::string>());
  }
  the_runner->set_origins(std::move(origins));
}

worker_runner::worker_runner(std::string origin) : origin_(std::move(origin)) {
  the_runner = this;
  start_worker();
  ask_for_origins();
}

void worker_runner::post(const std::string& text) {
  if (ready_) post_to_worker(text.c_str());
  else waiting_.push_back(text);
}

void worker_runner::start(std::vector<crawl_config> runs) {
  if (busy_) return;
  for (auto& config : runs) config.server = config.server.started_at(origin_);
  begin(runs.empty() ? std::string() : runs.front().server.describe(embedded_name), start_message(runs));
}

void worker_runner::start_mixed(ui::mixed_request request) {
  if (busy_) return;
  request.base.server = request.base.server.started_at(origin_);
  begin(request.base.server.describe(embedded_name), mixed_start_message(request));
}

void worker_runner::begin(std::string label, const std::string& message) {
  set_server_label(std::move(label));
  busy_ = true;
  post(message);
}

std::string worker_runner::mixed_cpu_name(int cost) const { return portable_cpu_task::describe(cost); }

std::vector<mixed_mode> worker_runner::mixed_modes() const {
  return browser_mixed_modes();
}

void worker_runner::stop() { post("{\"stop\":true}"); }

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
