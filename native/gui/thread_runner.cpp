#include "thread_runner.hpp"

#include <algorithm>
#include <exception>

#include "bcrypt_task.hpp"
#include "cpu_thread.hpp"
#include "crawlbench/result.hpp"
#include "open_file_limit.hpp"
#include "thread_cpu.hpp"

namespace crawlbench::gui {

thread_runner::~thread_runner() {
  stop();
  if (thread_.joinable()) thread_.join();
}


template <typename Body>
void thread_runner::launch(Body body) {
  if (thread_.joinable()) thread_.join();
  stop_ = stop_source{};
  busy_.store(true);
  thread_ = std::thread(std::move(body), stop_.token());
}

void thread_runner::start(std::vector<crawl_config> runs) {
  if (busy_.load()) return;
  // Past the hard open-file limit, concurrency is lowered rather than requests failed.
  const auto notes = native::fit_to_open_file_limit(runs);
  const std::string warning = notes.empty() ? std::string() : notes.back();
  if (auto started = servers_.start_each(runs); !started) {
    label_.clear();
    feed_.all_done(std::move(started).error().message);
    return;
  }
  label_ = runs.empty() ? std::string() : runs.front().server.describe();
  if (!warning.empty()) label_ += "; " + warning;
  launch([this, runs = std::move(runs)](const stop_token& stop) mutable { crawl(std::move(runs), stop); });
}

void thread_runner::start_mixed(ui::mixed_request request) {
  if (busy_.load()) return;
  const auto notes = native::fit_to_open_file_limit(request.base);
  const std::string warning = notes.empty() ? std::string() : notes.back();
  auto started = servers_.start(request.base.server);
  if (!started) {
    mixed_news().all_done(std::move(started).error().message);
    return;
  }
  request.base.server = *std::move(started);
  label_ = request.base.server.describe();
  if (!warning.empty()) label_ += "; " + warning;
  launch([this, request = std::move(request)](const stop_token& stop) mutable { work_mixed(std::move(request), stop); });
}

void thread_runner::stop() { stop_.request_stop(); }

void thread_runner::crawl(std::vector<crawl_config> runs, const stop_token& stop) {
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (!feed_.run_starting(i, stop)) continue;
    ui::crawl_feed::run_end end;
    end.run = i;
    try {
      real_clock time;
      scheduler sched{time};
      native::curl_transport transport{time, stop};
      ui::feed_observer observer{feed_, i};
      const double cpu_before = native::thread_cpu_seconds();
      crawl_run run = native::run_on_curl(sched, transport, run_crawl(sched, transport, runs[i], &observer, stop));
      const double cpu = native::thread_cpu_seconds() - cpu_before;
      end.client_cpu_us_per_request = cpu * 1e6 / static_cast<double>(std::max<std::size_t>(runs[i].num, 1));
      end.result = summarize(std::move(run));
    } catch (const std::exception& e) {
      end.failure = e.what();
    }
    feed_.run_ended(std::move(end));
  }
  feed_.all_done();  // before busy() says false, so whoever sees it idle finds the end in the feed
  busy_.store(false);
}

void thread_runner::work_mixed(ui::mixed_request request, const stop_token& stop) {
  auto& news = mixed_news();
  for (std::size_t i = 0; i < request.modes.size(); ++i) {
    if (!news.run_starting(i, request.modes[i], stop)) continue;
    ui::mixed_feed::run_end end;
    end.run = i;
    end.result.mode = request.modes[i];
    try {
      native::bcrypt_task cpu{request.cost, request.base.seed};
      mixed_config config = request.base;
      config.mode = request.modes[i];
      real_clock time;
      scheduler sched{time};
      native::curl_transport transport{time, stop};
      std::optional<native::cpu_thread> beside;
      if (config.mode == mixed_mode::threaded) beside.emplace(sched, cpu, stop);
      ui::mixed_feed_observer observer{news, i};
      end.result = native::run_on_curl(
          sched, transport, run_mixed(sched, transport, cpu, config, beside ? &*beside : nullptr, &observer, stop));
    } catch (const std::exception& e) {
      end.failure = e.what();
    }
    news.run_ended(std::move(end));
  }
  news.all_done();
  busy_.store(false);
}

}  // namespace crawlbench::gui
