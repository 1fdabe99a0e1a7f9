// The feed between a running crawl or CPU + I/O workload and the UI (ui/run_feed.hpp), with the
// crawl's and the workload's events and ends (crawl_feed.hpp, mixed_feed.hpp).
#include <catch2/catch.hpp>

#include <numeric>
#include <string>
#include <thread>
#include <vector>

#include "crawlbench/stop.hpp"
#include "crawlbench/ui/crawl_feed.hpp"
#include "crawlbench/ui/mixed_feed.hpp"

using namespace crawlbench;

namespace {
struct test_end {
  std::size_t run = 0;
  int result = 0;
  std::string failure;
};
using test_feed = ui::run_feed<int, test_end>;
}  // namespace

TEST_CASE("run_feed run_starting before a stop reports the run started, after it as not run: stopped") {
  test_feed feed;
  stop_source stop;
  CHECK(feed.run_starting(0, stop.token()));
  stop.request_stop();
  CHECK_FALSE(feed.run_starting(1, stop.token()));
  test_feed::batch batch;
  feed.take(batch);
  REQUIRE(batch.started.size() == 1);
  CHECK(batch.started[0].run == 0);
  REQUIRE(batch.ended.size() == 1);
  CHECK(batch.ended[0].run == 1);
  CHECK(batch.ended[0].failure == "not run: stopped");
  CHECK_FALSE(batch.all_done);
}

TEST_CASE("run_feed take hands over everything in order, clears what it is given and leaves the feed empty") {
  test_feed feed;
  feed.run_started(0);
  feed.push(7);
  feed.push(8);
  test_end end;
  end.result = 42;
  feed.run_ended(end);
  test_feed::batch batch;
  batch.events = {1, 2, 3};  // stale: a batch the UI read last frame
  batch.all_done = true;
  feed.take(batch);
  CHECK(batch.started.size() == 1);
  CHECK(batch.events == std::vector<int>{7, 8});
  REQUIRE(batch.ended.size() == 1);
  CHECK(batch.ended[0].result == 42);
  CHECK_FALSE(batch.all_done);
  CHECK_FALSE(batch.empty());
  feed.take(batch);
  CHECK(batch.empty());
  CHECK(batch.events.empty());
}

TEST_CASE("run_feed all_done carries its error, or none") {
  test_feed feed;
  test_feed::batch batch;
  feed.all_done("cannot start the embedded delay server: fork: out of memory");
  feed.take(batch);
  CHECK(batch.all_done);
  CHECK(batch.error == "cannot start the embedded delay server: fork: out of memory");
  feed.all_done();
  feed.take(batch);
  CHECK(batch.all_done);
  CHECK(batch.error.empty());
}

TEST_CASE("run_feed keeps every push made from another thread meanwhile") {
  test_feed feed;
  constexpr int pushes = 10'000;
  std::thread pusher([&feed] {
    for (int i = 0; i < pushes; ++i) feed.push(i);
    feed.all_done();
  });
  test_feed::batch batch;
  std::vector<int> seen;
  for (bool done = false; !done;) {
    feed.take(batch);
    seen.insert(seen.end(), batch.events.begin(), batch.events.end());
    done = batch.all_done;
  }
  pusher.join();
  std::vector<int> expected(pushes);
  std::iota(expected.begin(), expected.end(), 0);
  CHECK(seen == expected);
}

TEST_CASE("mixed feed run_ended drops the result's segments: they came as segment events") {
  ui::mixed_feed feed;
  mixed_segment s;
  s.item = 3;
  ui::mixed_feed_observer observer{feed, 1};
  observer.on_segment(s);
  ui::mixed_run_end end;
  end.run = 1;
  end.result.mode = mixed_mode::batched;
  end.result.segments = {s, s};
  feed.run_ended(end);
  ui::mixed_feed::batch batch;
  feed.take(batch);
  REQUIRE(batch.events.size() == 1);
  CHECK(batch.events[0].run == 1);
  CHECK(batch.events[0].s.item == 3);
  REQUIRE(batch.ended.size() == 1);
  CHECK(batch.ended[0].result.mode == mixed_mode::batched);
  CHECK(batch.ended[0].result.segments.empty());
  CHECK(batch.ended[0].result.segments.capacity() == 0);
}

TEST_CASE("crawl feed observer pushes each request issued and finished, for its run") {
  ui::crawl_feed feed;
  ui::feed_observer observer{feed, 2};
  observer.on_issued(5, from_seconds(0.25));
  span s;
  s.started = from_seconds(0.25);
  s.done = from_seconds(0.5);
  s.status = 200;
  observer.on_finished(5, s);
  ui::crawl_feed::batch batch;
  feed.take(batch);
  REQUIRE(batch.events.size() == 2);
  CHECK(batch.events[0].run == 2);
  CHECK(batch.events[0].index == 5);
  CHECK_FALSE(batch.events[0].finished);
  CHECK(batch.events[0].s.started == from_seconds(0.25));
  CHECK(batch.events[1].finished);
  CHECK(batch.events[1].s.done == from_seconds(0.5));
  CHECK(batch.events[1].s.status == 200);
}
