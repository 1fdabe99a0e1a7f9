// The live view's hook into a crawl (crawl_observer) and the user's Stop, on the virtual clock.
#include <catch2/catch.hpp>

#include <vector>

#include "crawlbench/crawl.hpp"
#include "crawlbench/result.hpp"
#include "crawlbench/simulated_transport.hpp"
#include "support.hpp"

using namespace crawlbench;
using namespace std::chrono_literals;

namespace {
struct recording_observer final : crawl_observer {
  std::vector<clock::duration> issued_at;
  std::vector<span> finished;
  std::vector<std::size_t> finished_index;
  std::size_t stop_after = 0;  // 0: never
  stop_source stop;            // requested once stop_after requests have finished

  void on_issued(std::size_t index, clock::duration issued) override {
    if (issued_at.size() <= index) issued_at.resize(index + 1, clock::duration(-1));
    issued_at[index] = issued;
  }
  void on_finished(std::size_t index, const span& s) override {
    finished.push_back(s);
    finished_index.push_back(index);
    if (stop_after != 0 && finished.size() >= stop_after) stop.request_stop();
  }
};

crawl_run crawl(crawl_config config, recording_observer& observer) {
  test::virtual_world world;
  simulated_transport sim{world.sched, {}};
  config.server = simulated_target{};
  return world.run(run_crawl(world.sched, sim, config, &observer, observer.stop.token()));
}
}  // namespace

TEST_CASE("observer: sees every request issued then finished, with the spans the run records") {
  recording_observer seen;
  const auto run = crawl(test::book(strategy_kind::gevent, 50, 100, 10), seen);
  REQUIRE(seen.finished.size() == 50);
  REQUIRE(seen.issued_at.size() == 50);
  for (std::size_t k = 0; k < seen.finished.size(); ++k) {
    const std::size_t i = seen.finished_index[k];
    INFO(i);
    CHECK(seen.finished[k].done == run.spans[i].done);
    CHECK(seen.finished[k].started == run.spans[i].started);
    CHECK(seen.issued_at[i] <= run.spans[i].started);
  }
  // Wave w (10 requests each) is issued at w x 100 ms.
  CHECK(seen.issued_at[0] == 0ms);
  CHECK(seen.issued_at[49] == 400ms);
}

TEST_CASE("observer: stop sends nothing more, the rate strategy stops its schedule, and the run says so") {
  auto config = test::book(strategy_kind::rate);
  config.rate_rps = 100;  // 10 s of schedule
  recording_observer seen;
  seen.stop_after = 20;
  auto run = crawl(config, seen);
  // Request 20 finished at 0.3 s (sent at 0.2 s); the schedule stops at the next send.
  CHECK(run.elapsed < 1s);
  const auto r = summarize(std::move(run));
  CHECK_FALSE(r.succeeded());
  CHECK(r.ok >= 20);
  CHECK(r.ok < 40);
  CHECK(r.errors == 1000 - r.ok);
}

// tornado hands every request to its client at once (max_clients queues them there): those are
// issued already, and Stop reaches them through the transport (curl_transport's stop_callback), as
// the integration tests show.
TEST_CASE("observer: stop records the requests not yet sent as cancelled, for every other strategy") {
  for (const auto strategy : {strategy_kind::serial, strategy_kind::gevent, strategy_kind::aiohttp,
                              strategy_kind::batched}) {
    INFO(to_string(strategy));
    const auto config = test::book(strategy, 200, 100, 10);
    recording_observer seen;
    seen.stop_after = 15;
    auto run = crawl(config, seen);
    // What was in flight when Stop came still finishes (the simulated server answers it); nothing
    // else is sent.
    REQUIRE(seen.finished.size() >= 15);
    const auto stopped_at = seen.finished[14].done;
    CHECK(run.elapsed <= stopped_at + 100ms);
    const auto r = summarize(std::move(run));
    CHECK(r.ok >= 15);
    CHECK(r.ok <= 15 + config.effective_concurrency());
    REQUIRE(r.error_kinds.count("cancelled") == 1);
    CHECK(r.error_kinds.at("cancelled") == 200 - r.ok);
  }
}
