#include <catch2/catch.hpp>

#include <vector>

#include "allocation_counter.hpp"
#include "crawlbench/async_semaphore.hpp"
#include "crawlbench/task_scope.hpp"
#include "support.hpp"

using namespace crawlbench;
using namespace std::chrono_literals;

namespace {
// Takes the semaphore, records entry, holds it for `hold`, records exit.
task<void> worker(async_semaphore& sem, scheduler& sched, int id, clock::duration hold, std::vector<int>& entered) {
  auto permit = co_await sem.acquire();
  entered.push_back(id);
  co_await sched.sleep_for(hold);
}
}  // namespace

TEST_CASE("async_semaphore admits at most its count and queues the rest in FIFO order") {
  test::virtual_world world;
  async_semaphore sem{world.sched, 2};
  std::vector<int> entered;
  task_scope scope;
  for (int id = 0; id < 6; ++id) scope.spawn(worker(sem, world.sched, id, 100ms, entered));
  CHECK(entered == std::vector<int>{0, 1});
  CHECK(sem.available() == 0);
  CHECK(sem.waiting() == 4);
  run_until_idle(world.sched, world.time);
  CHECK(entered == std::vector<int>{0, 1, 2, 3, 4, 5});
  CHECK(world.seconds() == Approx(0.3));  // three waves of two
  CHECK(sem.available() == 2);
  CHECK(sem.waiting() == 0);
}

TEST_CASE("async_semaphore hands a released permit to the oldest waiter - never to a newcomer") {
  test::virtual_world world;
  async_semaphore sem{world.sched, 1};
  std::vector<int> entered;
  task_scope scope;
  scope.spawn(worker(sem, world.sched, 0, 10ms, entered));
  scope.spawn(worker(sem, world.sched, 1, 10ms, entered));  // waits
  world.time.advance_by(10ms);
  world.sched.run_ready();  // worker 0 releases: the permit now belongs to worker 1
  CHECK(sem.available() == 0);
  CHECK_FALSE(sem.try_acquire().has_value());  // a newcomer cannot overtake
  scope.spawn(worker(sem, world.sched, 2, 10ms, entered));
  run_until_idle(world.sched, world.time);
  CHECK(entered == std::vector<int>{0, 1, 2});
}

TEST_CASE("async_semaphore permit releases once - when destroyed or reset - and not after a move") {
  test::virtual_world world;
  async_semaphore sem{world.sched, 1};
  {
    auto permit = sem.try_acquire();
    REQUIRE(permit.has_value());
    CHECK(sem.available() == 0);
    async_semaphore::permit moved = std::move(*permit);
    CHECK_FALSE(permit->owns());
    CHECK(moved.owns());
    CHECK(sem.available() == 0);
  }
  CHECK(sem.available() == 1);
}

#ifndef CRAWLBENCH_SANITIZED  // counting allocations needs our own operator new
TEST_CASE("async_semaphore waiting and handoff allocate nothing") {
  test::virtual_world world;
  async_semaphore sem{world.sched, 1};
  std::vector<int> entered;
  entered.reserve(16);
  task_scope scope;
  scope.spawn(worker(sem, world.sched, 0, 10ms, entered));
  auto w1 = worker(sem, world.sched, 1, 10ms, entered);  // frames are allocated here, before counting
  auto w2 = worker(sem, world.sched, 2, 10ms, entered);
  auto starter = [](task<void> a, task<void> b, task_scope& s) { s.spawn(std::move(a)); s.spawn(std::move(b)); };
  starter(std::move(w1), std::move(w2), scope);  // both wait now
  REQUIRE(sem.waiting() == 2);
  world.sched.run_ready();
  const auto before = test::allocations();
  world.time.advance_by(10ms);
  world.sched.run_ready();  // worker 0 releases, worker 1 is resumed and waits on a timer
  world.sched.run_ready();
  const auto after = test::allocations();
  CHECK(entered == std::vector<int>{0, 1});
  CHECK(after == before);
  run_until_idle(world.sched, world.time);
}
#endif

namespace {
struct acquired {
  bool owned = false;
  double at_s = -1;
};
// Waits for the semaphore, notes whether it holds a permit and when, then holds it for `hold`.
task<void> note_acquire(async_semaphore& sem, test::virtual_world& world, acquired& out, clock::duration hold) {
  auto permit = co_await sem.acquire();
  out = {permit.owns(), world.seconds()};
  if (permit.owns()) co_await world.sched.sleep_for(hold);
}
}  // namespace

TEST_CASE("async_semaphore shutdown resumes every waiter with an empty permit, and later acquires complete at once") {
  test::virtual_world world;
  async_semaphore sem{world.sched, 1};
  std::vector<acquired> seen(4);
  task_scope scope;
  for (auto& out : seen) scope.spawn(note_acquire(sem, world, out, 1s));
  CHECK(seen[0].owned);
  CHECK(sem.waiting() == 3);
  sem.shutdown();
  CHECK(sem.waiting() == 0);
  CHECK(sem.stopping());
  world.sched.run_ready();
  for (std::size_t i = 1; i < seen.size(); ++i) {
    CHECK_FALSE(seen[i].owned);
    CHECK(seen[i].at_s == Approx(0.0));
  }
  acquired later;
  scope.spawn(note_acquire(sem, world, later, 1s));
  CHECK(later.at_s == Approx(0.0));  // completed without suspending
  CHECK_FALSE(later.owned);
  run_until_idle(world.sched, world.time);
}

TEST_CASE("async_semaphore with a stop_token wakes every waiter at the first release after the stop") {
  for (const bool stopped : {false, true}) {
    CAPTURE(stopped);
    test::virtual_world world;
    stop_source stop;
    async_semaphore sem{world.sched, 2, stop.token()};
    std::vector<acquired> seen(6);
    task_scope scope;
    for (auto& out : seen) scope.spawn(note_acquire(sem, world, out, 100ms));
    if (stopped) stop.request_stop();  // from outside the loop: nothing is resumed until a release
    CHECK(sem.waiting() == 4);
    run_until_idle(world.sched, world.time);
    for (std::size_t i = 2; i < seen.size(); ++i) {
      INFO(i);
      CHECK(seen[i].owned == !stopped);
      // Stopped: all four at the first release (0.1 s); else in two more waves of two.
      CHECK(seen[i].at_s == Approx(stopped ? 0.1 : (i < 4 ? 0.1 : 0.2)));
    }
    CHECK(sem.available() == 2);
  }
}
