#include "thread_runner.hpp"

#include <algorithm>
#include <exception>

#include "bcrypt_task.hpp"
#include "cpu_thread.hpp"
#include "crawlbench/result.hpp"
#include "crawlbench/simulated_run.hpp"
#include "open_file_limit.hpp"
#include "thread_cpu.hpp"

namespace crawlbench::gui {

thread_runner::~thread_runner() {
  stop();
  if (thread_.joinable()) thread_.join();
}

std::vector<std::string> thread_runner::http_clients() const {
  std::vector<std::string> names;
  for (const auto c : native::native_clients) names.emplace_back(to_string(c));
  return names;
}

void thread_runner::choose_http_client(std::string_view name) {
  if (const auto chosen = native::parse_native_client(name); chosen && !busy_.load()) client_ = *chosen;
}

std::string thread_runner::http_client_words(std::string_view name) const {
  if (name == to_string(native::native_client::asio)) return "asio: the lab's lean Asio + Beast client, http only";
  return "curl: libcurl, http and https";
}

template <typename Feed, typename Config, typename Body>
void thread_runner::begin(Feed& feed, std::vector<Config> runs, Body body) {
  if (busy_.load()) return;
  for (const auto& config : runs) {  // nothing is sent to a server the client cannot speak to
    if (auto reaches = native::check_client_reaches(client_, config.server, false); !reaches) {
      set_server_label({});
      feed.all_done(std::move(reaches).error().message);
      return;
    }
  }
  // Past the hard open-file limit, concurrency is lowered rather than requests failed (the
  // simulator opens no files).
  const bool simulated = !runs.empty() && runs.front().server.is_simulated();
  const auto notes = simulated ? std::vector<std::string>{} : native::fit_to_open_file_limit(runs);
  if (auto started = servers_.start_each(runs); !started) {
    set_server_label({});
    feed.all_done(std::move(started).error().message);
    return;
  }
  std::string label = runs.empty() ? std::string() : runs.front().server.describe();
  if (!notes.empty()) label += "; " + notes.back();
  set_server_label(std::move(label));
  if (thread_.joinable()) thread_.join();
  stop_ = stop_source{};
  busy_.store(true);
  auto work = [this, &feed, runs = std::move(runs), body = std::move(body)](const stop_token& stop) {
    run_each(feed, runs, body, stop);
  };
  thread_ = std::thread(std::move(work), stop_.token());
}

template <typename Feed, typename Config, typename Body>
void thread_runner::run_each(Feed& feed, const std::vector<Config>& runs, const Body& body, const stop_token& stop) {
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (!feed.run_starting(i, stop)) continue;
    typename Feed::run_end end;
    end.run = i;
    try {
      body(runs[i], end, stop);
    } catch (const std::exception& e) {
      end.failure = e.what();
    }
    feed.run_ended(std::move(end));
  }
  feed.all_done();  // before busy() says false, so whoever sees it idle finds the end in the feed
  busy_.store(false);
}

void thread_runner::start(std::vector<crawl_config> runs, std::size_t origins_wanted) {
  if (busy_.load()) return;
  // Natively no server has listeners that matter (origins() is empty): only 1 can be asked for.
  if (auto spread = ui::spread_over(runs, origins(), origins_wanted); !spread) {
    set_server_label({});
    crawl_news().all_done(std::move(spread).error().message);
    return;
  }
  begin(crawl_news(), std::move(runs),
        [this, client = client_](const crawl_config& config, ui::crawl_run_end& end, const stop_token& stop) {
          crawl_one(client, config, end, stop);
        });
}

void thread_runner::start_mixed(ui::mixed_request request) {
  begin(mixed_news(), ui::mixed_runs(request),
        [this, client = client_, cost = request.cost](const mixed_config& config, ui::mixed_run_end& end,
                                                      const stop_token& stop) { mix_one(client, config, cost, end, stop);
        });
}

void thread_runner::stop() { stop_.request_stop(); }

void thread_runner::crawl_one(native::native_client client, const crawl_config& config, ui::crawl_run_end& end,
                              const stop_token& stop) {
  ui::feed_observer observer{crawl_news(), end.run};
  const auto crawl = [&] {
    real_clock time;
    scheduler sched{time};
    return native::run_on_client(client, sched, time, stop, trust_,
                                 [&](auto& transport) { return run_crawl(sched, transport, config, &observer, stop); });
  };
  const native::thread_cpu_meter cpu;
  crawl_run run = config.server.is_simulated() ? run_simulated(config, &observer, stop) : crawl();
  end.client_cpu_us_per_request = cpu.us_per_request(config.num);
  end.result = summarize(std::move(run));
  end.result.insecure = trust_.insecure && !config.server.is_simulated();
}

void thread_runner::mix_one(native::native_client client, const mixed_config& config, int cost, ui::mixed_run_end& end,
                            const stop_token& stop) {
  end.result.mode = config.mode;
  native::bcrypt_task cpu{cost, config.seed};
  real_clock time;
  scheduler sched{time};
  std::optional<native::cpu_thread> beside;
  if (config.mode == mixed_mode::threaded) beside.emplace(sched, cpu, stop);
  ui::mixed_feed_observer observer{mixed_news(), end.run};
  end.result = native::run_on_client(client, sched, time, stop, trust_, [&](auto& transport) {
    return run_mixed(sched, transport, cpu, config, beside ? &*beside : nullptr, &observer, stop);
  });
}

}  // namespace crawlbench::gui
