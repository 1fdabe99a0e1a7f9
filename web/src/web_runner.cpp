#include "web_runner.hpp"

#include <emscripten/eventloop.h>

#include <cmath>
#include <exception>

#include "crawlbench/result.hpp"

namespace crawlbench::web {

web_runner::web_runner(std::string origin)
    : origin_(std::move(origin)), transport_(clock_, [this] { pump(); }) {}

web_runner::~web_runner() {
  if (timer_) emscripten_clear_timeout(timer_);
}

void web_runner::start(std::vector<crawl_config> runs, bool embedded) {
  if (busy_) return;
  if (embedded) {
    for (auto& config : runs) config.server = origin_;
  }
  label_ = runs.empty() ? std::string() : runs.front().server + (embedded ? " (this page's server)" : "");
  stop_.store(false);
  busy_ = true;
  root_ = std::make_unique<crawlbench::detail::root<void>>(crawl(std::move(runs)));
  pump();
}

void web_runner::stop() {
  stop_.store(true);
  transport_.cancel_all();
}

task<void> web_runner::crawl(std::vector<crawl_config> runs) {
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (!feed_.run_starting(i, stop_)) continue;
    ui::crawl_feed::run_end end;
    end.run = i;
    ui::feed_observer observer{feed_, i, stop_};
    try {
      end.result = summarize(co_await run_crawl(sched_, transport_, runs[i], &observer));
    } catch (const std::exception& e) {
      end.failure = e.what();
    }
    feed_.run_ended(std::move(end));
  }
  busy_ = false;
  feed_.all_done();
}

void web_runner::pump() {
  if (pumping_) return;  // a completion inside run_ready(): the loop below picks it up
  pumping_ = true;
  // Bounded: a coroutine that keeps yielding gets the rest of its turns from a 0 ms timer, and
  // the page stays responsive.
  for (int turns = 0; turns < 1000 && (turns == 0 || sched_.has_ready()); ++turns) sched_.run_ready();
  pumping_ = false;
  if (timer_) {
    emscripten_clear_timeout(timer_);
    timer_ = 0;
  }
  if (sched_.has_ready()) {
    timer_ = emscripten_set_timeout(&web_runner::on_timer, 0, this);
  } else if (const auto deadline = sched_.next_deadline()) {
    const double ms = std::max(0.0, to_seconds(*deadline - clock_.now()) * 1000.0);
    timer_ = emscripten_set_timeout(&web_runner::on_timer, ms, this);
  }
}

void web_runner::on_timer(void* self) {
  auto& runner = *static_cast<web_runner*>(self);
  runner.timer_ = 0;
  runner.pump();
}

}  // namespace crawlbench::web
