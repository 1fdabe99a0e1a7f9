#include "web_runner.hpp"

#include <emscripten.h>
#include <emscripten/eventloop.h>

#include <cmath>
#include <exception>

#include "crawlbench/portable_cpu.hpp"
#include "crawlbench/result.hpp"
#include "worker_protocol.hpp"

namespace crawlbench::web {

namespace {
// A task for the browser's event loop that runs after what is queued now and is not clamped as 0 ms
// timers are: a message to ourselves through a MessageChannel. (emscripten_set_immediate's
// fallback posts to the worker's own global scope, which a worker cannot do.)
EM_JS(void, post_immediate, (void* runner), {
  if (!Module.immediateChannel) {
    Module.immediateChannel = new MessageChannel();
    Module.immediateChannel.port1.onmessage = (event) => Module._crawlbench_web_runner_immediate(event.data);
  }
  Module.immediateChannel.port2.postMessage(runner);
});
}  // namespace

extern "C" EMSCRIPTEN_KEEPALIVE void crawlbench_web_runner_immediate(void* runner) {
  static_cast<web_runner*>(runner)->on_immediate();
}

web_runner::web_runner(std::string origin)
    : origin_(std::move(origin)), transport_(clock_, [this] { pump(); }) {}

web_runner::~web_runner() {
  if (timer_) emscripten_clear_timeout(timer_);
}

void web_runner::start(std::vector<crawl_config> runs) {
  if (busy_) return;
  for (auto& config : runs) config.server = config.server.started_at(origin_);
  label_ = runs.empty() ? std::string() : runs.front().server.describe(embedded_name);
  stop_ = stop_source{};
  transport_.stop_with(stop_.token());
  busy_ = true;
  root_ = std::make_unique<crawlbench::detail::root<void>>(crawl(std::move(runs), stop_.token()));
  pump();
}

void web_runner::stop() { stop_.request_stop(); }

task<void> web_runner::crawl(std::vector<crawl_config> runs, stop_token stop) {
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (!feed_.run_starting(i, stop)) continue;
    ui::crawl_feed::run_end end;
    end.run = i;
    ui::feed_observer observer{feed_, i};
    try {
      end.result = summarize(co_await run_crawl(sched_, transport_, runs[i], &observer, stop));
    } catch (const std::exception& e) {
      end.failure = e.what();
    }
    feed_.run_ended(std::move(end));
  }
  feed_.all_done();
  busy_ = false;
}

void web_runner::pump() {
  if (pumping_) return;  // a completion inside run_ready(): the loop below picks it up
  pumping_ = true;
  // Bounded: a coroutine that keeps yielding gets the rest of its turns from a 0 ms timer, and
  // the page stays responsive. The CPU + I/O workload yields after each item so that the browser
  // delivers the answers that came in meanwhile (asyncio's sleep(0)): one turn, then back to the
  // event loop through an immediate (a 0 ms timer would be clamped to 4 ms).
  const int turns_at_most = yield_to_browser_ ? 1 : 1000;
  for (int turns = 0; turns < turns_at_most && (turns == 0 || sched_.has_ready()); ++turns) sched_.run_ready();
  pumping_ = false;
  if (timer_) {
    emscripten_clear_timeout(timer_);
    timer_ = 0;
  }
  if (sched_.has_ready() && yield_to_browser_) {
    if (!immediate_pending_) {
      immediate_pending_ = true;
      post_immediate(this);
    }
  } else if (sched_.has_ready()) {
    timer_ = emscripten_set_timeout(&web_runner::on_timer, 0, this);
  } else if (const auto deadline = sched_.next_deadline()) {
    const double ms = std::max(0.0, to_seconds(*deadline - clock_.now()) * 1000.0);
    timer_ = emscripten_set_timeout(&web_runner::on_timer, ms, this);
  }
}

void web_runner::on_immediate() {
  immediate_pending_ = false;
  pump();
}

void web_runner::start_mixed(ui::mixed_request request) {
  if (busy_) return;
  request.base.server = request.base.server.started_at(origin_);
  label_ = request.base.server.describe(embedded_name);
  stop_ = stop_source{};
  transport_.stop_with(stop_.token());
  busy_ = true;
  yield_to_browser_ = true;
  root_ = std::make_unique<crawlbench::detail::root<void>>(work_mixed(std::move(request), stop_.token()));
  pump();
}

std::string web_runner::mixed_cpu_name(int cost) const { return portable_cpu_task::describe(cost); }

std::vector<mixed_mode> web_runner::mixed_modes() const {
  return browser_mixed_modes();
}

task<void> web_runner::work_mixed(ui::mixed_request request, stop_token stop) {
  auto& news = mixed_news();
  auto& rounds = rounds_for_cost_[request.cost];
  if (rounds == 0) rounds = portable_cpu_task::calibrate(clock_, bcrypt_equivalent(request.cost));
  portable_cpu_task cpu{rounds, request.cost};
  for (std::size_t i = 0; i < request.modes.size(); ++i) {
    if (!news.run_starting(i, request.modes[i], stop)) continue;
    ui::mixed_feed::run_end end;
    end.run = i;
    end.result.mode = request.modes[i];
    ui::mixed_feed_observer observer{news, i};
    try {
      mixed_config config = request.base;
      config.mode = request.modes[i];
      config.yield_between_items = true;  // Stop and the progress messages arrive through this loop
      end.result = co_await run_mixed(sched_, transport_, cpu, config, nullptr, &observer, stop);
    } catch (const std::exception& e) {
      end.failure = e.what();
    }
    news.run_ended(std::move(end));
  }
  news.all_done();
  busy_ = false;
  yield_to_browser_ = false;
}

void web_runner::on_timer(void* self) {
  auto& runner = *static_cast<web_runner*>(self);
  runner.timer_ = 0;
  runner.pump();
}

}  // namespace crawlbench::web
