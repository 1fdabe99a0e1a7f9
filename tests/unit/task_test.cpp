#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>

#include "crawlbench/task.hpp"
#include "support.hpp"

using namespace crawlbench;

namespace {

task<int> forty_two(bool& ran) {
  ran = true;
  co_return 42;
}

task<int> immediate(int v) { co_return v; }

task<long> sum_of_immediate_awaits(int count) {
  long total = 0;
  for (int i = 0; i < count; ++i) total += co_await immediate(1);
  co_return total;
}

task<void> thrower() {
  throw std::runtime_error("boom");
  co_return;
}

task<std::string> rethrows_through() {
  co_await thrower();
  co_return "unreachable";
}

struct destruction_flag {
  bool* destroyed;
  explicit destruction_flag(bool& flag) : destroyed(&flag) {}
  destruction_flag(destruction_flag&& other) noexcept : destroyed(std::exchange(other.destroyed, nullptr)) {}
  ~destruction_flag() {
    if (destroyed) *destroyed = true;
  }
};

task<int> holds(destruction_flag flag, bool& ran) {
  ran = true;
  (void)flag;
  co_return 1;
}

}  // namespace

TEST_CASE("task is lazy: its body runs only when awaited") {
  test::virtual_world world;
  bool ran = false;
  auto t = forty_two(ran);
  CHECK_FALSE(ran);
  CHECK(world.run(std::move(t)) == 42);
  CHECK(ran);
}

TEST_CASE("task resumes its awaiter by symmetric transfer through a chain of 1000000 immediate awaits") {
  // Without symmetric transfer (or with g++'s sibling calls off) this overflows the stack.
  test::virtual_world world;
  CHECK(world.run(sum_of_immediate_awaits(1'000'000)) == 1'000'000);
}

TEST_CASE("task propagates an exception to its awaiter - through awaiting tasks") {
  test::virtual_world world;
  CHECK_THROWS_WITH(world.run(rethrows_through()), "boom");
}

TEST_CASE("task never run is destroyed with its frame and arguments - without running") {
  bool destroyed = false, ran = false;
  {
    auto t = holds(destruction_flag{destroyed}, ran);
    CHECK_FALSE(destroyed);
  }
  CHECK(destroyed);
  CHECK_FALSE(ran);
}

TEST_CASE("task moves ownership: the moved-from task is empty") {
  bool ran = false;
  auto a = forty_two(ran);
  auto b = std::move(a);
  CHECK_FALSE(a.valid());
  CHECK(b.valid());
  CHECK_FALSE(b.done());
  test::virtual_world world;
  CHECK(world.run(std::move(b)) == 42);
}

TEST_CASE("task awaited when empty throws a logic error instead of crashing") {
  test::virtual_world world;
  auto awaits_empty = []() -> task<int> {
    task<int> empty;
    co_return co_await std::move(empty);
  };
  CHECK_THROWS_AS(world.run(awaits_empty()), std::logic_error);
}
