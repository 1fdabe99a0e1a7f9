#include "thread_runner.hpp"

#include <algorithm>
#include <exception>

#include "crawlbench/result.hpp"
#include "thread_cpu.hpp"

namespace crawlbench::gui {

thread_runner::~thread_runner() {
  stop();
  if (thread_.joinable()) thread_.join();
  if (embedded_) embedded_->stop();
}

void thread_runner::start(std::vector<crawl_config> runs, bool embedded) {
  if (busy_.load()) return;
  if (thread_.joinable()) thread_.join();
  stop_.store(false);
  std::size_t most_concurrency = 1;
  for (const auto& config : runs) most_concurrency = std::max(most_concurrency, config.effective_concurrency());
  std::string limit_problem;
  const std::size_t wanted = (embedded ? 2 : 1) * most_concurrency + 256;
  std::string warning;
  if (server::raise_file_limit(wanted, limit_problem) < wanted) warning = limit_problem;
  if (embedded) {
    try {
      if (!embedded_) {
        server::server_options options;
        options.port = 0;
        options.threads = 2;
        options.metrics_file = "/dev/null";
        options.max_delay_ms = 3'600'000;
        embedded_ = std::make_unique<server::delay_server>(options);
        embedded_->start();
      }
    } catch (const std::exception& e) {
      embedded_.reset();
      label_.clear();
      feed_.all_done(std::string("cannot start the embedded delay server: ") + e.what());
      return;
    }
    for (auto& config : runs) config.server = embedded_->url();
    label_ = embedded_->url() + " (embedded)";
  } else {
    label_ = runs.empty() ? std::string() : runs.front().server;
  }
  if (!warning.empty()) label_ += "; " + warning;
  busy_.store(true);
  thread_ = std::thread([this, runs = std::move(runs)]() mutable { crawl(std::move(runs)); });
}

void thread_runner::stop() {
  stop_.store(true);
  const std::lock_guard lock{current_mutex_};
  if (current_) current_->cancel_all();
}

void thread_runner::crawl(std::vector<crawl_config> runs) {
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (!feed_.run_starting(i, stop_)) continue;
    ui::crawl_feed::run_end end;
    end.run = i;
    try {
      real_clock time;
      scheduler sched{time};
      native::curl_transport transport{time};
      {
        const std::lock_guard lock{current_mutex_};
        current_ = &transport;
      }
      if (stop_.load()) transport.cancel_all();  // a Stop between the check above and here
      ui::feed_observer observer{feed_, i, stop_};
      const double cpu_before = native::thread_cpu_seconds();
      crawl_run run = native::run_on_curl(sched, transport, run_crawl(sched, transport, runs[i], &observer));
      const double cpu = native::thread_cpu_seconds() - cpu_before;
      {
        const std::lock_guard lock{current_mutex_};
        current_ = nullptr;
      }
      end.client_cpu_us_per_request = cpu * 1e6 / static_cast<double>(std::max<std::size_t>(runs[i].num, 1));
      end.result = summarize(std::move(run));
    } catch (const std::exception& e) {
      const std::lock_guard lock{current_mutex_};
      current_ = nullptr;
      end.failure = e.what();
    }
    feed_.run_ended(std::move(end));
  }
  busy_.store(false);
  feed_.all_done();
}

}  // namespace crawlbench::gui
