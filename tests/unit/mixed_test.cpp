// The CPU + I/O workload's modes on the virtual clock, with the CPU cost modelled: each mode's
// time is exact, as the book's table predicts it, and every answer is checked.
#include <catch2/catch.hpp>

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "crawlbench/mixed.hpp"
#include "crawlbench/simulated_transport.hpp"
#include "crawlbench/task_scope.hpp"
#include "support.hpp"

using namespace crawlbench;
using namespace std::chrono_literals;

namespace {
struct simulated_run {
  mixed_result result;
  simulated_transport::counters server;
};

// One mode against the simulated server, with hashes of `cpu_cost` in virtual time.
simulated_run simulate(mixed_config config, clock::duration cpu_cost) {
  test::virtual_world world;
  simulated_transport sim{world.sched, {}};
  simulated_cpu_task cpu{world.time, cpu_cost};
  simulated_cpu_thread beside{world.sched, cpu};  // the threaded mode's second core
  auto result = world.run(run_mixed(world.sched, sim, cpu, std::move(config), &beside));
  return {std::move(result), sim.stats()};
}

// The server's delay is mixed_config's default: 100 ms.
mixed_config config_of(mixed_mode mode, std::size_t items) {
  mixed_config config;
  config.mode = mode;
  config.server = simulated_target{};
  config.items = items;
  return config;
}

mixed_result run(mixed_mode mode, std::size_t items, clock::duration cpu_cost) {
  return simulate(config_of(mode, items), cpu_cost).result;
}
}  // namespace

TEST_CASE("mixed: noio is the CPU work alone and sends nothing") {
  const auto r = run(mixed_mode::noio, 600, 15600us);
  CHECK(r.seconds == Approx(600 * 0.0156));
  CHECK(r.cpu_seconds == Approx(600 * 0.0156));
  CHECK(r.sent == 0);
  CHECK(r.segments.size() == 600);
}

TEST_CASE("mixed: serial is N x (cpu + delay)") {
  const auto r = run(mixed_mode::serial, 60, 15600us);
  CHECK(r.seconds == Approx(60 * (0.0156 + 0.1)));
  CHECK(r.ok == 60);
  CHECK(r.succeeded());
  CHECK(r.segments.size() == 120);
}

TEST_CASE("mixed: batched is N x cpu plus one delay per batch of 100") {
  const auto r = run(mixed_mode::batched, 600, 15600us);
  CHECK(r.seconds == Approx(600 * 0.0156 + 6 * 0.1));
  CHECK(r.ok == 600);
  const auto partial = run(mixed_mode::batched, 250, 15600us);  // 100, 100, 50
  CHECK(partial.seconds == Approx(250 * 0.0156 + 3 * 0.1));
}

TEST_CASE("mixed: async hides the I/O: N x cpu plus the last request's delay") {
  const auto r = run(mixed_mode::async, 600, 15600us);
  CHECK(r.seconds == Approx(600 * 0.0156 + 0.1));
  CHECK(r.ok == 600);
  CHECK(r.errors.empty());
  // Each POST starts when its hash ends: the I/O overlaps the next hashes.
  std::size_t overlapping = 0;
  clock::time_point last_cpu_end{};
  for (const auto& s : r.segments) {
    if (s.what == mixed_segment::kind::cpu) last_cpu_end = std::max(last_cpu_end, s.end);
  }
  for (const auto& s : r.segments) {
    if (s.what == mixed_segment::kind::io && s.end < last_cpu_end) ++overlapping;
  }
  CHECK(overlapping > 590);
}

TEST_CASE("mixed: async answers are only taken between hashes, so slow hashes delay them") {
  // cpu 250 ms > delay 100 ms. Item 0 is sent at 0.25 s and answered at 0.35 s, during hash 1.
  // When hash 1 ends the hashing coroutine is resumed first (it yielded before the answer was
  // taken, as with asyncio's sleep(0)), so the answer is taken when hash 2 ends: 0.75 s.
  const auto r = run(mixed_mode::async, 4, 250ms);
  CHECK(r.seconds == Approx(4 * 0.25 + 0.1));
  std::size_t checked = 0;
  for (const auto& s : r.segments) {
    if (s.what != mixed_segment::kind::io || s.item >= 2) continue;
    CHECK(to_seconds(s.end - s.start) == Approx(0.5));
    ++checked;
  }
  CHECK(checked == 2);
}

TEST_CASE("mixed: async and threaded never have more than their concurrency in flight") {
  // A hash of 1 ms and a delay of 100 ms: without the limit, 100 would be in flight.
  for (const auto mode : {mixed_mode::async, mixed_mode::threaded}) {
    CAPTURE(to_string(mode));
    auto config = config_of(mode, 200);
    config.concurrency = 10;
    const auto [r, server] = simulate(config, 1ms);
    CHECK(r.ok == 200);
    CHECK(server.max_server_in_flight == 10);
    // 20 waves of 10 at 100 ms, about a millisecond of hashing before each answer is taken.
    CHECK(r.seconds >= 2.0);
    CHECK(r.seconds < 2.1);
  }
}

TEST_CASE("mixed: threaded takes answers during a hash, so only the last request's delay is left") {
  // The same slow hashes as above: with the CPU work on a thread of its own, every answer is
  // taken when it arrives, 100 ms after its POST, and the hashes run back to back.
  const auto r = run(mixed_mode::threaded, 4, 250ms);
  CHECK(r.seconds == Approx(4 * 0.25 + 0.1));
  CHECK(r.ok == 4);
  std::size_t ios = 0, cpus = 0;
  for (const auto& s : r.segments) {
    if (s.what == mixed_segment::kind::io) {
      CHECK(to_seconds(s.end - s.start) == Approx(0.1));
      CHECK(to_seconds(s.start.time_since_epoch()) == Approx(0.25 * static_cast<double>(s.item + 1)));
      ++ios;
    } else {
      CHECK(to_seconds(s.start.time_since_epoch()) == Approx(0.25 * static_cast<double>(s.item)));
      CHECK(to_seconds(s.end - s.start) == Approx(0.25));
      ++cpus;
    }
  }
  CHECK(ios == 4);
  CHECK(cpus == 4);
  const auto book = run(mixed_mode::threaded, 600, 15600us);
  CHECK(book.seconds == Approx(600 * 0.0156 + 0.1));
  CHECK(book.ok == 600);
}

TEST_CASE("mixed: threaded without a CPU thread is refused") {
  test::virtual_world world;
  simulated_transport sim{world.sched, {}};
  simulated_cpu_task cpu{world.time, 1ms};
  CHECK_THROWS_AS(world.run(run_mixed(world.sched, sim, cpu, config_of(mixed_mode::threaded, 3))), std::invalid_argument);
}

TEST_CASE("mixed: failures are counted by kind, never as successes") {
  // The simulator answers 404 for another path: every POST fails.
  auto config = config_of(mixed_mode::serial, 5);
  config.server = url_target{"http://sim/nowhere"};
  const auto r = simulate(config, 1ms).result;
  CHECK(r.sent == 5);
  CHECK(r.ok == 0);
  CHECK(r.failed() == 5);
  CHECK_FALSE(r.succeeded());
  CHECK(r.errors.at("status 404") == 5);
}

TEST_CASE("mixed: a server URL with a trailing slash still POSTs to /add, as the crawl's GETs do") {
  auto config = config_of(mixed_mode::serial, 3);
  config.server = url_target{"http://sim/"};  // check_server_url accepts it; "http://sim//add" is a 404
  const auto r = simulate(config, 1ms).result;
  CHECK(r.ok == 3);
  CHECK(r.errors.empty());
}

TEST_CASE("mixed: items are 10 random letters, the same for a seed") {
  const auto a = mixed_items(50, 7), b = mixed_items(50, 7), c = mixed_items(50, 8);
  CHECK(a == b);
  CHECK(a != c);
  for (const auto& word : a) {
    CHECK(word.size() == 10);
    CHECK(std::all_of(word.begin(), word.end(), [](char ch) { return ch >= 'a' && ch <= 'z'; }));
  }
  mixed_config bad;
  bad.items = 0;
  CHECK(validate(bad).error().message.find("items") != std::string::npos);
  for (const auto m : all_mixed_modes) CHECK(parse_mixed_mode(to_string(m)) == m);
  CHECK(parse_mixed_mode("threaded") == mixed_mode::threaded);
  CHECK_FALSE(parse_mixed_mode("threads"));
}

TEST_CASE("mixed: validate names the field and its range in words, never taking a wrapped value") {
  CHECK(validate(mixed_config{}).has_value());
  mixed_config bad;
  bad.items = static_cast<std::size_t>(-1);  // a GUI field typed "-1"
  CHECK(validate(bad).error().message == "items: must be a whole number from 1 to 10,000,000");
  bad = {};
  bad.delay_ms = 3'600'001;
  CHECK(validate(bad).error().message == "delay: must be a whole number from 0 to 3,600,000");
  bad = {};
  bad.batch = 1'000'001;
  CHECK(validate(bad).error().message == "batch: must be a whole number from 1 to 1,000,000");
  bad = {};
  bad.concurrency = 0;
  CHECK(validate(bad).error().message == "concurrency: must be a whole number from 1 to 1,000,000");
  bad = {};
  bad.timeout_ms = -1;
  CHECK(validate(bad).error().message == "timeout: must be a whole number from 0 to 3,600,000");
  bad.timeout_ms = 3'600'001;
  CHECK(validate(bad).error().message == "timeout: must be a whole number from 0 to 3,600,000");
}

namespace {
// Sees every segment; asks to stop once it has seen `stop_after` CPU segments.
struct watcher final : mixed_observer {
  std::size_t stop_after;
  std::vector<mixed_segment> seen;
  stop_source stop;
  explicit watcher(std::size_t stop_at) : stop_after(stop_at) {}
  void on_segment(const mixed_segment& s) override {
    seen.push_back(s);
    const auto cpu = std::count_if(seen.begin(), seen.end(), [](const mixed_segment& m) { return m.what == mixed_segment::kind::cpu; });
    if (static_cast<std::size_t>(cpu) >= stop_after) stop.request_stop();
  }
};
}  // namespace

TEST_CASE("mixed: the observer sees every segment as it ends, and Stop ends the run early") {
  for (const auto mode : all_mixed_modes) {
    CAPTURE(to_string(mode));
    const bool sends = mode != mixed_mode::noio;
    test::virtual_world world;
    simulated_transport sim{world.sched, {}};
    simulated_cpu_task cpu{world.time, 10ms};
    simulated_cpu_thread beside{world.sched, cpu};
    auto config = config_of(mode, 30);
    config.batch = 4;
    watcher all{1000};
    const auto whole = world.run(run_mixed(world.sched, sim, cpu, config, &beside, &all, all.stop.token()));
    CHECK(whole.succeeded());
    CHECK_FALSE(whole.stopped);
    const auto cpu_seen = std::count_if(all.seen.begin(), all.seen.end(), [](const mixed_segment& s) { return s.what == mixed_segment::kind::cpu; });
    CHECK(cpu_seen == 30);
    CHECK(static_cast<std::size_t>(all.seen.size()) - static_cast<std::size_t>(cpu_seen) == (sends ? 30U : 0U));
    for (const auto& s : all.seen) CHECK(s.end >= s.start);

    // Stop once 5 hashes are done: the 5th is not sent, nothing after it is hashed.
    watcher early{5};
    const auto stopped = world.run(run_mixed(world.sched, sim, cpu, config, &beside, &early, early.stop.token()));
    CHECK(stopped.stopped);
    CHECK_FALSE(stopped.succeeded());
    std::size_t cpu_segments = 0;
    for (const auto& s : stopped.segments) cpu_segments += s.what == mixed_segment::kind::cpu ? 1 : 0;
    CHECK(cpu_segments == 5);
    CHECK(stopped.sent == (sends ? 4U : 0U));
    CHECK(stopped.ok == stopped.sent);  // what was sent was answered
  }
}

namespace {
// Hashes in virtual time, and throws on item `fail_at` (counting from 0).
struct failing_cpu_task final : cpu_task {
  virtual_clock& time;
  std::size_t fail_at, calls = 0;
  failing_cpu_task(virtual_clock& t, std::size_t at) : time(t), fail_at(at) {}
  std::string run(std::string_view item) override {
    time.advance_by(10ms);
    if (calls++ == fail_at) throw std::runtime_error("the hash failed");
    return simulated_cpu_task::output(item);
  }
  [[nodiscard]] std::string name() const override { return "failing"; }
};
}  // namespace

TEST_CASE("mixed: a failing CPU task ends async with its error once the POSTs in flight are answered") {
  // 100 ms POSTs and 10 ms hashes: when item 5 fails, five POSTs are in flight. Leaving them would
  // end the process (a task_scope destroyed with work in it); they are waited for first.
  test::virtual_world world;
  simulated_transport sim{world.sched, {}};
  failing_cpu_task cpu{world.time, 5};
  CHECK_THROWS_WITH(world.run(run_mixed(world.sched, sim, cpu, config_of(mixed_mode::async, 20))), "the hash failed");
  CHECK(sim.stats().max_server_in_flight == 5);
  CHECK(world.sched.idle());
}

namespace {
task<void> count_turns(scheduler& sched, const bool& done, std::size_t& turns) {
  while (!done) {
    co_await sched.yield();
    ++turns;
  }
}

task<mixed_result> run_and_flag(scheduler& sched, transport& via, cpu_task& cpu, mixed_config config, bool& done) {
  auto r = co_await run_mixed(sched, via, cpu, std::move(config));
  done = true;
  co_return r;
}
}  // namespace

TEST_CASE("mixed: yield_between_items lets the loop run between hashes in every mode") {
  for (const bool yielding : {false, true}) {
    CAPTURE(yielding);
    test::virtual_world world;
    simulated_transport sim{world.sched, {}};
    simulated_cpu_task cpu{world.time, 10ms};
    auto config = config_of(mixed_mode::noio, 50);
    config.yield_between_items = yielding;
    bool done = false;
    std::size_t turns = 0;
    task_scope other;
    other.spawn(count_turns(world.sched, done, turns));
    const auto r = world.run(run_and_flag(world.sched, sim, cpu, config, done));
    CHECK(r.segments.size() == 50);
    if (yielding) CHECK(turns >= 50);
    else CHECK(turns <= 2);
  }
}

TEST_CASE("mixed: in virtual time every mode takes exactly its lower bound, the concurrency cap included") {
  for (const auto mode : all_mixed_modes) {
    INFO(to_string(mode));
    const auto r = run(mode, 250, 15600us);
    CHECK(r.seconds == Approx(mixed_lower_bound_seconds(r)));
  }
  // With 1 ms hashes and at most 10 POSTs in flight, async waits on the cap: 25 waves of 100 ms.
  auto capped = config_of(mixed_mode::async, 250);
  capped.concurrency = 10;
  const auto r = simulate(capped, 1ms).result;
  CHECK(mixed_lower_bound_seconds(r) == Approx(2.5));
  CHECK(r.seconds >= mixed_lower_bound_seconds(r));
  CHECK(r.seconds == Approx(2.5).epsilon(0.01));  // and the run is that bound, within a hash or so
}
