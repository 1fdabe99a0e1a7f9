#include <catch2/catch.hpp>

#include <stdexcept>
#include <vector>

#include "crawlbench/task_scope.hpp"
#include "support.hpp"

using namespace crawlbench;
using namespace std::chrono_literals;

namespace {
task<void> nap(scheduler& sched, clock::duration d, std::vector<int>& finished, int id) {
  co_await sched.sleep_for(d);
  finished.push_back(id);
}

task<void> fails_after(scheduler& sched, clock::duration d, const char* what) {
  co_await sched.sleep_for(d);
  throw std::runtime_error(what);
}

task<double> spawn_and_join(scheduler& sched, std::vector<int>& finished) {
  task_scope scope;
  scope.spawn(nap(sched, 300ms, finished, 3));
  scope.spawn(nap(sched, 100ms, finished, 1));
  scope.spawn(nap(sched, 200ms, finished, 2));
  co_await scope.join();
  co_return to_seconds(sched.now());
}

task<void> join_rethrows(scheduler& sched, std::vector<int>& finished) {
  task_scope scope;
  scope.spawn(fails_after(sched, 100ms, "first"));
  scope.spawn(fails_after(sched, 200ms, "second"));
  scope.spawn(nap(sched, 300ms, finished, 9));
  co_await scope.join();
}
}  // namespace

TEST_CASE("task_scope starts spawned work at once and join waits for all of it") {
  test::virtual_world world;
  std::vector<int> finished;
  CHECK(world.run(spawn_and_join(world.sched, finished)) == Approx(0.3));
  CHECK(finished == std::vector<int>{1, 2, 3});
}

TEST_CASE("task_scope join rethrows the first failure only after every child finished") {
  test::virtual_world world;
  std::vector<int> finished;
  CHECK_THROWS_WITH(world.run(join_rethrows(world.sched, finished)), "first");
  CHECK(finished == std::vector<int>{9});
  CHECK(world.seconds() == Approx(0.3));
}

TEST_CASE("task_scope join of an empty scope completes without suspending") {
  test::virtual_world world;
  auto empty_join = []() -> task<int> {
    task_scope scope;
    co_await scope.join();
    co_return 5;
  };
  CHECK(world.run(empty_join()) == 5);
  CHECK(world.seconds() == 0.0);
}
