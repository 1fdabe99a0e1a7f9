#pragma once
// The chapter's shared workload: CPU work whose every result is POSTed to the delay server
// (`POST /add`, 100 ms), so that async I/O can hide the I/O behind the computation. Each mode is
// written once here (mixed.cpp) and runs on any transport: libcurl natively, the simulator in
// tests.
//
//   noio     the CPU work alone: the floor
//   serial   compute, send, wait for the answer; next
//   batched  compute `batch` results, send them together, wait for all; next batch
//   async    compute, send without waiting (at most `concurrency` in flight), and let the loop
//            deliver answers between items; wait for the rest at the end
//   threaded as async, but the CPU work runs on a thread of its own (a cpu_offload), so the loop
//            keeps taking answers and sending during a hash (beyond the book)
//
// In async the loop only runs between items: an answer that arrives during a hash is seen when
// the hash ends (the book's `await asyncio.sleep(0)`). In threaded it is seen when it arrives.

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "crawlbench/clock.hpp"
#include "crawlbench/expected.hpp"
#include "crawlbench/scheduler.hpp"
#include "crawlbench/stop.hpp"
#include "crawlbench/target.hpp"
#include "crawlbench/task.hpp"
#include "crawlbench/transport.hpp"

namespace crawlbench {

enum class mixed_mode { noio, serial, batched, async, threaded };
inline constexpr std::array all_mixed_modes{mixed_mode::noio, mixed_mode::serial, mixed_mode::batched,
                                            mixed_mode::async, mixed_mode::threaded};
[[nodiscard]] std::string_view to_string(mixed_mode m) noexcept;
[[nodiscard]] std::optional<mixed_mode> parse_mixed_mode(std::string_view name) noexcept;
// "all" or "noio,async": the modes, or an error naming the bad one.
[[nodiscard]] expected<std::vector<mixed_mode>> parse_mixed_mode_list(std::string_view list);

// The CPU work: turns an item into the text sent to the server, on the calling thread.
class cpu_task {
 public:
  virtual ~cpu_task() = default;
  [[nodiscard]] virtual std::string run(std::string_view item) = 0;
  [[nodiscard]] virtual std::string name() const = 0;  // for reports: "bcrypt cost 8"
};

// CPU work of a fixed cost in virtual time (tests, the simulator): run() moves the clock on by
// `cost`, as a real hash keeps the loop's thread busy that long.
class simulated_cpu_task final : public cpu_task {
 public:
  simulated_cpu_task(virtual_clock& time, clock::duration cost) : time_(time), cost_(cost) {}
  [[nodiscard]] std::string run(std::string_view item) override;
  [[nodiscard]] std::string name() const override;
  [[nodiscard]] clock::duration cost() const noexcept { return cost_; }
  // What run() returns for `item`, without spending the time.
  [[nodiscard]] static std::string output(std::string_view item);

 private:
  virtual_clock& time_;
  clock::duration cost_;
};

// Where the threaded mode's CPU work runs: off the loop's thread, one item after another, in the
// order submitted. The loop goes on (answers are taken, POSTs sent) while items are worked on.
// Natively a std::thread (native/cpu/cpu_thread).
class cpu_offload {
 public:
  struct result {
    std::string out;
    clock::time_point started, ended;  // on the scheduler's clock
    bool skipped = false;              // not worked on: the run was stopped first
  };
  virtual ~cpu_offload() = default;
  // Queues `item`; the work on it starts once the items queued before it are done.
  virtual void submit(std::string item) = 0;
  // The oldest submitted item's result, once it is done, resumed on the loop's thread. Rethrows
  // what the task threw.
  [[nodiscard]] virtual task<result> next() = 0;
};

// A second core in virtual time: items are worked on back to back, each taking the task's cost,
// and next() is a timer on the scheduler, so the loop runs meanwhile, deterministically.
class simulated_cpu_thread final : public cpu_offload {
 public:
  simulated_cpu_thread(scheduler& sched, const simulated_cpu_task& cpu) : sched_(sched), cpu_(cpu) {}
  void submit(std::string item) override;
  [[nodiscard]] task<result> next() override;

 private:
  scheduler& sched_;
  const simulated_cpu_task& cpu_;
  std::deque<result> queued_;
};

struct mixed_config {
  mixed_mode mode = mixed_mode::async;
  server_target server = url_target{"http://127.0.0.1:8082"};  // an embedded one must be started to run
  std::size_t items = 600;
  std::int64_t delay_ms = 100;     // the server's sleep per POST
  std::size_t batch = 100;         // batched: results sent together
  std::size_t concurrency = 100;   // async: POSTs in flight at most (the book's Semaphore(100))
  std::uint64_t seed = 1;          // the random 10-letter items
  std::int64_t timeout_ms = 30'000;  // per POST; 0: none (as crawl_config::timeout_ms)
  // The loop runs between items in every mode, not only when I/O is in flight: where the loop
  // is also how Stop and progress arrive (the browser's worker).
  bool yield_between_items = false;
};

// One stretch of a timeline: an item's CPU work, or its POST from start to answer.
struct mixed_segment {
  enum class kind : std::uint8_t { cpu, io };
  kind what = kind::cpu;
  std::size_t item = 0;
  clock::time_point start{}, end{};  // from the run's start
  bool ok = true;                    // io: answered 200 with the result echoed back
};

struct mixed_result {
  mixed_mode mode = mixed_mode::async;
  std::string cpu;  // the task's name
  std::size_t items = 0;
  std::int64_t delay_ms = 0;
  std::size_t batch = 0, concurrency = 0;
  double seconds = 0;      // the whole run
  double cpu_seconds = 0;  // the CPU segments added up
  std::size_t sent = 0, ok = 0;
  std::size_t retries = 0;  // POSTs sent again on a new connection: their kept-alive one died (http_client.hpp)
  bool stopped = false;  // the observer asked to stop before every item was worked on
  std::map<std::string, std::size_t> errors;  // kind ("status 500", "wrong echo", "timeout") -> count
  std::vector<mixed_segment> segments;        // in the order recorded (threaded: a hash when the loop takes it)
  [[nodiscard]] std::size_t failed() const noexcept { return sent - ok; }
  [[nodiscard]] bool succeeded() const noexcept { return ok == sent && !stopped; }
};

// The least a run can take given its own hashing (cpu_seconds): noio the hashing; serial adds
// every POST's delay, batched one delay per batch; async and threaded the last POST's, or
// ceil(items / concurrency) delays when the cap binds. efficiency = this / seconds.
[[nodiscard]] double mixed_lower_bound_seconds(const mixed_result& r) noexcept;
// mixed_lower_bound_seconds / seconds; none when a mode with I/O had no POST answered right (its
// time then measures failures, not hidden latency).
[[nodiscard]] std::optional<double> mixed_efficiency(const mixed_result& r) noexcept;

// Watches a run as it goes (the GUI's live timeline): called on the loop's thread.
class mixed_observer {
 public:
  virtual ~mixed_observer() = default;
  // A segment has ended; it is final (the same as in mixed_result::segments).
  virtual void on_segment(const mixed_segment& s) = 0;
};

// The random 10-letter strings the book hashes, reproducible for a seed.
[[nodiscard]] std::vector<std::string> mixed_items(std::size_t count, std::uint64_t seed);

// Success, or an error naming the first field out of its range (limits.hpp), with the range in words.
[[nodiscard]] expected<void> validate(const mixed_config& config);

// Runs one mode. Every answer is checked: status 200 and the JSON {"result": <what was sent>}.
// `beside` runs the threaded mode's CPU work (the same task as `cpu`); the other modes do not use
// it. Once `stop` is requested no further item is worked on and the result says `stopped`
// (in-flight POSTs are the transport's to cancel; they count as failed).
// Throws std::invalid_argument for a bad configuration, or threaded without `beside`.
[[nodiscard]] task<mixed_result> run_mixed(scheduler& sched, transport& via, cpu_task& cpu, mixed_config config,
                                           cpu_offload* beside = nullptr, mixed_observer* observer = nullptr,
                                           stop_token stop = {});

}  // namespace crawlbench
