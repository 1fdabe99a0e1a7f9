#include "web_runner.hpp"

#include <emscripten.h>
#include <emscripten/eventloop.h>

#include <cmath>
#include <exception>

#include "crawlbench/portable_cpu.hpp"
#include "crawlbench/result.hpp"
#include "crawlbench/simulated_run.hpp"
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

template <typename Feed, typename Config, typename Body>
void web_runner::begin(Feed& feed, std::vector<Config> runs, Body body, bool yield_to_browser) {
  if (busy_) return;
  for (auto& config : runs) config.server = config.server.started_at(origin_);
  set_server_label(runs.empty() ? std::string() : runs.front().server.describe(embedded_name_on_web));
  stop_ = stop_source{};
  transport_.stop_with(stop_.token());
  busy_ = true;
  yield_to_browser_ = yield_to_browser;
  root_ = std::make_unique<crawlbench::detail::root<void>>(run_each(feed, std::move(runs), std::move(body), stop_.token()));
  pump();
}

template <typename Feed, typename Config, typename Body>
task<void> web_runner::run_each(Feed& feed, std::vector<Config> runs, Body body, stop_token stop) {
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (!feed.run_starting(i, stop)) continue;
    typename Feed::run_end end;
    end.run = i;
    try {
      co_await body(runs[i], end, stop);
    } catch (const std::exception& e) {
      end.failure = e.what();
    }
    feed.run_ended(std::move(end));
  }
  feed.all_done();
  busy_ = false;
  yield_to_browser_ = false;
}

void web_runner::start(std::vector<crawl_config> runs, std::size_t) {
  // The simulator's slices give the browser's loop a turn through an immediate, not a 4 ms timer.
  const bool simulated = !runs.empty() && runs.front().server.is_simulated();
  begin(crawl_news(), std::move(runs),
        [this](const crawl_config& config, ui::crawl_run_end& end, stop_token stop) {
          return config.server.is_simulated() ? simulate_one(config, end, stop) : crawl_one(config, end, stop);
        },
        simulated);
}

void web_runner::start_mixed(ui::mixed_request request) {
  if (busy_) return;  // before calibrating, which takes a while
  auto& rounds = rounds_for_cost_[request.cost];
  if (rounds == 0) rounds = portable_cpu_task::calibrate(clock_, bcrypt_equivalent(request.cost));
  auto runs = ui::mixed_runs(request);
  for (auto& config : runs) config.yield_between_items = true;  // Stop and the progress messages arrive through this loop
  begin(mixed_news(), std::move(runs),
        [this, cpu = portable_cpu_task{rounds, request.cost}](const mixed_config& config, ui::mixed_run_end& end,
                                                               stop_token stop) mutable { return mix_one(config, cpu, end, stop); },
        true);
}

void web_runner::stop() { stop_.request_stop(); }

task<void> web_runner::crawl_one(const crawl_config& config, ui::crawl_run_end& end, stop_token stop) {
  ui::feed_observer observer{crawl_news(), end.run};
  end.result = summarize(co_await run_crawl(sched_, transport_, config, &observer, stop));
}

task<void> web_runner::simulate_one(const crawl_config& config, ui::crawl_run_end& end, stop_token stop) {
  // Live events of a large simulated run cost more than the run (1,000,000 requests: 22.7 s with
  // them, 13.8 s without, docs/web.md): its end alone brings every request to the page.
  ui::feed_observer observer{crawl_news(), end.run};
  simulated_run run{config, config.num <= simulated_live_events_up_to ? &observer : nullptr, stop};
  for (;;) {
    // A slice of virtual time, then a turn of the browser's loop: the feed's flush timer and Stop.
    const auto slice_end = clock_.now() + simulation_slice;
    bool ended = run.advance(simulation_turns);
    while (!ended && clock_.now() < slice_end) ended = run.advance(simulation_turns);
    if (ended) break;
    co_await sched_.yield();
  }
  end.result = summarize(run.take());
}

task<void> web_runner::mix_one(const mixed_config& config, portable_cpu_task& cpu, ui::mixed_run_end& end, stop_token stop) {
  end.result.mode = config.mode;
  ui::mixed_feed_observer observer{mixed_news(), end.run};
  end.result = co_await run_mixed(sched_, transport_, cpu, config, nullptr, &observer, stop);
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

std::string web_runner::mixed_cpu_name(int cost) const { return portable_cpu_task::describe(cost); }

std::vector<mixed_mode> web_runner::mixed_modes() const {
  return browser_mixed_modes();
}

void web_runner::on_timer(void* self) {
  auto& runner = *static_cast<web_runner*>(self);
  runner.timer_ = 0;
  runner.pump();
}

}  // namespace crawlbench::web
