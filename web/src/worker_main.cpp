// The crawl worker (crawlbench_worker.js): core's strategies and the fetch transport in a Web
// Worker, off the page's render path. It crawls what the page sends, and posts the feed's events
// back every 25 ms while crawling (worker_protocol.hpp).

#include <emscripten.h>
#include <emscripten/eventloop.h>

#include <memory>
#include <string>

#include "web_runner.hpp"
#include "worker_protocol.hpp"

namespace {
using namespace crawlbench;

std::unique_ptr<web::web_runner> runner;
ui::crawl_feed::batch batch;
bool flushing = false;

EM_JS(void, post_to_page, (const char* text), { postMessage(UTF8ToString(text)); });
EM_JS(void, listen_to_page, (), {
  self.onmessage = (event) => Module.ccall('crawlbench_worker_message', null, ['string'], [event.data]);
  postMessage('{"ready":true}');
});

void flush(void*) {
  runner->feed().take(batch);
  const bool done = batch.all_done;
  if (!batch.started.empty() || !batch.requests.empty() || !batch.ended.empty() || done) {
    post_to_page(web::events_message(batch).c_str());
  }
  flushing = !done;
  if (flushing) emscripten_set_timeout(&flush, 25, nullptr);
}
}  // namespace

extern "C" EMSCRIPTEN_KEEPALIVE void crawlbench_worker_message(const char* text) {
  const std::string message = text ? text : "";
  if (web::is_stop(message)) {
    runner->stop();
    return;
  }
  if (auto runs = web::parse_start(message)) {
    if (runner->busy()) return;
    runner->start(std::move(*runs), false);
    if (!flushing) {
      flushing = true;
      emscripten_set_timeout(&flush, 25, nullptr);
    }
  }
}

int main() {
  runner = std::make_unique<web::web_runner>("");
  listen_to_page();
  emscripten_exit_with_live_runtime();  // the worker lives on its messages, fetches and timers
}
