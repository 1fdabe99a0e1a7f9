#include <catch2/catch.hpp>

#include <stdexcept>
#include <vector>

#include "crawlbench/as_completed.hpp"
#include "support.hpp"

using namespace crawlbench;
using namespace std::chrono_literals;

namespace {
task<int> after(scheduler& sched, clock::duration d, int value) {
  co_await sched.sleep_for(d);
  if (value < 0) throw std::runtime_error("negative");
  co_return value;
}

task<std::vector<int>> collect(scheduler& sched, std::vector<int> delays_ms) {
  as_completed<int> done;
  for (int ms : delays_ms) done.spawn(after(sched, std::chrono::milliseconds(ms), ms));
  std::vector<int> order;
  while (auto v = co_await done.next()) order.push_back(*v);
  co_return order;
}
}  // namespace

TEST_CASE("as_completed yields results in completion order - not spawn order") {
  test::virtual_world world;
  CHECK(world.run(collect(world.sched, {50, 10, 40, 20, 30})) == std::vector<int>{10, 20, 30, 40, 50});
  CHECK(world.seconds() == Approx(0.05));
}

TEST_CASE("as_completed ends at once when nothing was spawned") {
  test::virtual_world world;
  CHECK(world.run(collect(world.sched, {})).empty());
}

TEST_CASE("as_completed rethrows a task's exception from the next() that delivers it - then goes on") {
  test::virtual_world world;
  auto consumer = [](scheduler& sched) -> task<std::vector<int>> {
    as_completed<int> done;
    done.spawn(after(sched, 10ms, 1));
    done.spawn(after(sched, 20ms, -1));
    done.spawn(after(sched, 30ms, 3));
    std::vector<int> seen;
    for (int i = 0; i < 3; ++i) {
      try {
        if (auto v = co_await done.next()) seen.push_back(*v);
      } catch (const std::runtime_error&) {
        seen.push_back(0);
      }
    }
    CHECK_FALSE((co_await done.next()).has_value());
    co_return seen;
  };
  CHECK(world.run(consumer(world.sched)) == std::vector<int>{1, 0, 3});
}

TEST_CASE("as_completed keeps results that finish before anyone asks") {
  test::virtual_world world;
  auto late_consumer = [](scheduler& sched) -> task<std::vector<int>> {
    as_completed<int> done;
    done.spawn(after(sched, 10ms, 1));
    done.spawn(after(sched, 20ms, 2));
    co_await sched.sleep_for(1s);  // both finish meanwhile
    std::vector<int> seen;
    CHECK(done.ready() == 2);
    while (auto v = co_await done.next()) seen.push_back(*v);
    co_return seen;
  };
  CHECK(world.run(late_consumer(world.sched)) == std::vector<int>{1, 2});
}
