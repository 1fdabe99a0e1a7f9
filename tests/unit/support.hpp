#pragma once
// A virtual clock and a scheduler on it: the loop every deterministic test runs on.
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "crawlbench/clock.hpp"
#include "crawlbench/crawl.hpp"
#include "crawlbench/crawl_plan.hpp"
#include "crawlbench/mixed.hpp"
#include "crawlbench/scheduler.hpp"
#include "crawlbench/transport.hpp"
#include "crawlbench/virtual_loop.hpp"

namespace crawlbench::test {

using namespace std::chrono_literals;

struct virtual_world {
  virtual_clock time;
  scheduler sched{time};

  template <typename T>
  T run(task<T> root) {
    return run_virtual(sched, time, std::move(root));
  }
  [[nodiscard]] double seconds() const { return to_seconds(time.now()); }
};

// Answers every request at once with `status` and `body` (by default as the delay server does:
// 200 and "."), and remembers each request's URL and the last request's headers.
class recording_transport final : public transport {
 public:
  explicit recording_transport(const crawlbench::clock& time, int status = 200, std::string body = ".")
      : time_(time), status_(status), body_(std::move(body)) {}
  void start(transfer& t) override {
    urls.push_back(t.req().url);
    headers.assign(t.req().options.headers.begin(), t.req().options.headers.end());
    response r;
    r.started = r.first_byte = r.done = time_.now();
    r.status = status_;
    r.body = body_;
    r.body_bytes = body_.size();
    t.complete(std::move(r));
  }
  [[nodiscard]] std::string_view name() const noexcept override { return "recording"; }
  std::vector<std::string> urls;
  std::vector<std::string> headers;

 private:
  const crawlbench::clock& time_;
  int status_;
  std::string body_;
};

// A crawl of the book's shape: by default its experiment, 1000 x 100 ms at C=100.
inline crawl_config book(strategy_kind s, std::size_t num = 1000, std::int64_t delay_ms = 100, std::size_t c = 100) {
  crawl_config config;
  config.strategy = s;
  config.num = num;
  config.delay_ms = delay_ms;
  config.concurrency = c;
  return config;
}

// A plan of serial, aiohttp and rate: N requests (serial `serial_num`) of `delay_ms` at concurrency C.
inline crawl_plan three_strategy_plan(std::size_t num, std::size_t serial_num, std::int64_t delay_ms, std::size_t c) {
  crawl_plan plan;
  plan.strategies = {strategy_kind::serial, strategy_kind::aiohttp, strategy_kind::rate};
  plan.num = num;
  plan.serial_num = serial_num;
  plan.delay_ms = delay_ms;
  plan.concurrency = {c};
  return plan;
}

// A CPU + I/O result of the book's shape, 600 items at 100 ms, batch and concurrency 100, with
// 9.3 s of hashing; noio sends nothing.
inline mixed_result book_mixed(mixed_mode mode, double seconds, std::size_t ok = 600) {
  mixed_result r;
  r.mode = mode;
  r.items = 600;
  r.delay_ms = 100;
  r.batch = 100;
  r.concurrency = 100;
  r.seconds = seconds;
  r.cpu_seconds = 9.3;
  r.sent = mode == mixed_mode::noio ? 0 : 600;
  r.ok = mode == mixed_mode::noio ? 0 : ok;
  return r;
}

// How far the stack went down while a crawl ran, from where it stood when the first request
// finished: the address of a local in on_finished. Under Emscripten such a local lives on the
// shadow stack in linear memory, so this sees that stack pointer too, with no platform header.
class stack_depth_probe final : public crawl_observer {
 public:
  void on_issued(std::size_t, clock::duration) override {}
  void on_finished(std::size_t, const span&) override {
    const char here = 0;
    const auto at = reinterpret_cast<std::uintptr_t>(&here);
    if (finished_++ == 0) first_ = at;
    lowest_ = std::min(lowest_, at);
  }
  [[nodiscard]] std::size_t finished() const noexcept { return finished_; }
  // Bytes the stack grew by (stacks grow down on every target crawlbench builds for).
  [[nodiscard]] std::uintptr_t growth_bytes() const noexcept { return finished_ == 0 ? 0 : first_ - lowest_; }

 private:
  std::size_t finished_ = 0;
  std::uintptr_t first_ = 0;
  std::uintptr_t lowest_ = std::numeric_limits<std::uintptr_t>::max();
};

}  // namespace crawlbench::test
