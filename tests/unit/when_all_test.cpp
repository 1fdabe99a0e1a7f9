#include <catch2/catch.hpp>

#include <stdexcept>
#include <vector>

#include "crawlbench/when_all.hpp"
#include "support.hpp"

using namespace crawlbench;
using namespace std::chrono_literals;

namespace {
task<int> after(scheduler& sched, clock::duration d, int value) {
  co_await sched.sleep_for(d);
  if (value < 0) throw std::invalid_argument("negative");
  co_return value;
}
}  // namespace

TEST_CASE("when_all runs tasks concurrently and yields results in the order given") {
  test::virtual_world world;
  std::vector<task<int>> tasks;
  tasks.push_back(after(world.sched, 300ms, 1));
  tasks.push_back(after(world.sched, 100ms, 2));
  tasks.push_back(after(world.sched, 200ms, 3));
  CHECK(world.run(when_all(std::move(tasks))) == std::vector<int>{1, 2, 3});
  CHECK(world.seconds() == Approx(0.3));  // concurrent: the longest, not the sum
}

TEST_CASE("when_all rethrows a failure after every task finished") {
  test::virtual_world world;
  std::vector<task<int>> tasks;
  tasks.push_back(after(world.sched, 100ms, -1));
  tasks.push_back(after(world.sched, 500ms, 2));
  CHECK_THROWS_AS(world.run(when_all(std::move(tasks))), std::invalid_argument);
  CHECK(world.seconds() == Approx(0.5));
}

TEST_CASE("when_all of void tasks waits for all of them") {
  test::virtual_world world;
  int finished = 0;
  auto bump = [](scheduler& sched, clock::duration d, int& count) -> task<void> {
    co_await sched.sleep_for(d);
    ++count;
  };
  std::vector<task<void>> tasks;
  for (int i = 1; i <= 4; ++i) tasks.push_back(bump(world.sched, i * 10ms, finished));
  world.run(when_all(std::move(tasks)));
  CHECK(finished == 4);
  CHECK(world.seconds() == Approx(0.04));
}
