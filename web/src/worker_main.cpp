// The crawl worker (crawlbench_worker.js): core's strategies, the CPU + I/O workload and the fetch
// transport in a Web Worker, off the page's render path. It runs what the page sends, and posts
// the feeds' events back every 25 ms while it runs (worker_protocol.hpp).

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
ui::mixed_feed::batch mixed_batch;
bool flushing = false;

EM_JS(void, post_to_page, (const char* text), { postMessage(UTF8ToString(text)); });
EM_JS(void, listen_to_page, (), {
  self.onmessage = (event) => Module.callWithText('crawlbench_worker_message', event.data);
  postMessage('{"ready":true}');
});

// Posts what `feed` collected since the last time, if anything.
template <typename Feed>
void post_news(Feed& feed, typename Feed::batch& into) {
  feed.take(into);
  if (!into.empty()) post_to_page(web::events_message(into).c_str());
}

// Ends the page's wait for a start that cannot be carried out: that feed's all_done with `why`.
template <typename Feed>
void post_refusal(std::string why) {
  typename Feed::batch end;
  end.all_done = true;
  end.error = std::move(why);
  post_to_page(web::events_message(end).c_str());
}

void flush(void*) {
  // The runner is no longer busy only once its all_done is in its feed (the same thread).
  const bool running = runner->busy();
  post_news(runner->crawl_news(), batch);
  post_news(runner->mixed_news(), mixed_batch);
  flushing = running;
  if (flushing) emscripten_set_timeout(&flush, 25, nullptr);
}

void flush_while_running() {
  if (flushing) return;
  flushing = true;
  emscripten_set_timeout(&flush, 25, nullptr);
}
}  // namespace

extern "C" EMSCRIPTEN_KEEPALIVE void crawlbench_worker_message(const char* text) {
  const std::string message = text ? text : "";
  if (web::is_stop(message)) {
    runner->stop();
    return;
  }
  // A request that cannot be carried out is answered with its end at once, so the page is never
  // left waiting for one.
  const auto refuse = [](bool mixed, std::string why) {
    if (mixed) post_refusal<ui::mixed_feed>(std::move(why));
    else post_refusal<ui::crawl_feed>(std::move(why));
  };
  const bool mixed = message.rfind("{\"mixed\"", 0) == 0;
  if (runner->busy()) {
    refuse(mixed, "the worker is busy with another run");
  } else if (auto runs = web::parse_start(message)) {
    runner->start(std::move(*runs));
    flush_while_running();
  } else if (auto request = web::parse_mixed_start(message)) {
    runner->start_mixed(std::move(*request));
    flush_while_running();
  } else {
    refuse(mixed, "the worker could not read the request");
  }
}

int main() {
  runner = std::make_unique<web::web_runner>("");
  listen_to_page();
  emscripten_exit_with_live_runtime();  // the worker lives on its messages, fetches and timers
}
