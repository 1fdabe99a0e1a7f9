#include <catch2/catch.hpp>

#include <atomic>
#include <thread>
#include <vector>

#include "crawlbench/scheduler.hpp"
#include "crawlbench/task_scope.hpp"
#include "support.hpp"

using namespace crawlbench;
using namespace std::chrono_literals;

namespace {
task<void> sleeper(scheduler& sched, clock::duration d, int id, std::vector<int>& order,
                   std::vector<double>& woke_at) {
  co_await sched.sleep_for(d);
  order.push_back(id);
  woke_at.push_back(to_seconds(sched.now()));
}
}  // namespace

TEST_CASE("scheduler fires timers in deadline order on the virtual clock") {
  test::virtual_world world;
  std::vector<int> order;
  std::vector<double> woke_at;
  task_scope scope;
  scope.spawn(sleeper(world.sched, 300ms, 3, order, woke_at));
  scope.spawn(sleeper(world.sched, 100ms, 1, order, woke_at));
  scope.spawn(sleeper(world.sched, 200ms, 2, order, woke_at));
  CHECK(world.sched.timer_count() == 3);
  CHECK(world.sched.next_deadline() == clock::time_point{100ms});
  run_until_idle(world.sched, world.time);
  CHECK(order == std::vector<int>{1, 2, 3});
  CHECK(woke_at == std::vector<double>{0.1, 0.2, 0.3});
  CHECK(world.sched.idle());
}

TEST_CASE("scheduler fires timers with equal deadlines in the order they were set") {
  test::virtual_world world;
  std::vector<int> order;
  std::vector<double> woke_at;
  task_scope scope;
  for (int id = 0; id < 50; ++id) scope.spawn(sleeper(world.sched, 1s, id, order, woke_at));
  run_until_idle(world.sched, world.time);
  REQUIRE(order.size() == 50);
  for (int id = 0; id < 50; ++id) CHECK(order[static_cast<std::size_t>(id)] == id);
}

TEST_CASE("scheduler does not suspend for a deadline already reached") {
  test::virtual_world world;
  world.time.advance_by(5s);
  std::vector<int> order;
  std::vector<double> woke_at;
  task_scope scope;
  scope.spawn(sleeper(world.sched, -1s, 7, order, woke_at));
  CHECK(order == std::vector<int>{7});  // ran to completion inside spawn()
  CHECK(world.sched.timer_count() == 0);
}

TEST_CASE("scheduler run_ready resumes only what was ready when called - so yield cannot starve the loop") {
  test::virtual_world world;
  int turns = 0;
  auto spinner = [](scheduler& sched, int& count) -> task<void> {
    for (int i = 0; i < 3; ++i) {
      co_await sched.yield();
      ++count;
    }
  };
  task_scope scope;
  scope.spawn(spinner(world.sched, turns));
  CHECK(world.sched.run_ready() == 1);
  CHECK(turns == 1);
  CHECK(world.sched.run_ready() == 1);
  CHECK(turns == 2);
  CHECK(world.sched.run_ready() == 1);
  CHECK(turns == 3);
  CHECK(world.sched.idle());
}

TEST_CASE("scheduler reports no deadline when no timer is set") {
  test::virtual_world world;
  CHECK_FALSE(world.sched.next_deadline().has_value());
  CHECK(world.sched.idle());
}

#ifndef __EMSCRIPTEN__  // no second thread in the wasm build's core tests
namespace {
// Hands its own resumption to `other`, as a CPU thread does with a finished item.
struct resumed_from_outside {
  scheduler& sched;
  std::thread& other;
  bool await_ready() const noexcept { return false; }
  void await_suspend(coro::coroutine_handle<> me) {
    sched.expect_outside();
    other = std::thread([this, me] { sched.post_from_outside(me); });
  }
  void await_resume() const noexcept {}
};

task<void> wait_for_outside(scheduler& sched, std::thread& other, std::thread::id& resumed_on) {
  co_await resumed_from_outside{sched, other};
  resumed_on = std::this_thread::get_id();
}
}  // namespace

TEST_CASE("scheduler takes coroutines posted from another thread, waking the loop owner") {
  real_clock time;
  scheduler sched{time};
  std::atomic<int> wakes{0};
  sched.set_wake([&wakes] { ++wakes; });
  std::thread other;
  std::thread::id resumed_on;
  task_scope scope;
  scope.spawn(wait_for_outside(sched, other, resumed_on));
  CHECK(sched.awaiting_outside());
  CHECK_FALSE(sched.idle());  // nothing ready, no timer, but the other thread's work is not back
  other.join();
  CHECK(wakes == 1);
  CHECK(resumed_on == std::thread::id{});  // posted, not resumed by the other thread
  CHECK(sched.run_ready() == 1);
  CHECK(resumed_on == std::this_thread::get_id());
  CHECK_FALSE(sched.awaiting_outside());
  CHECK(sched.idle());
  sched.set_wake({});
}
#endif
