#include "crawlbench/mixed.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <exception>
#include <optional>
#include <random>
#include <stdexcept>
#include <utility>

#include "crawlbench/async_semaphore.hpp"
#include "crawlbench/http_client.hpp"
#include "crawlbench/limits.hpp"
#include "crawlbench/task_scope.hpp"

namespace crawlbench {

std::string_view to_string(mixed_mode m) noexcept {
  switch (m) {
    case mixed_mode::noio: return "noio";
    case mixed_mode::serial: return "serial";
    case mixed_mode::batched: return "batched";
    case mixed_mode::async: return "async";
    case mixed_mode::threaded: return "threaded";
  }
  return "?";
}

std::optional<mixed_mode> parse_mixed_mode(std::string_view name) noexcept {
  for (const auto m : all_mixed_modes) {
    if (to_string(m) == name) return m;
  }
  return std::nullopt;
}

std::variant<std::vector<mixed_mode>, std::string> parse_mixed_mode_list(std::string_view list) {
  if (list == "all") return std::vector<mixed_mode>{all_mixed_modes.begin(), all_mixed_modes.end()};
  std::vector<mixed_mode> out;
  while (!list.empty()) {
    const auto comma = list.find(',');
    const auto name = list.substr(0, comma);
    const auto mode = parse_mixed_mode(name);
    if (!mode) return "unknown mode \"" + std::string(name) + "\" (noio, serial, batched, async, threaded, or all)";
    out.push_back(*mode);
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
  }
  if (out.empty()) return std::string("expected at least one mode");
  return out;
}

std::string simulated_cpu_task::run(std::string_view item) {
  time_.advance_by(cost_);
  return output(item);
}

std::string simulated_cpu_task::output(std::string_view item) { return "sim$" + std::string(item.rbegin(), item.rend()); }

void simulated_cpu_thread::submit(std::string item) {
  const auto start = queued_.empty() ? sched_.now() : std::max(sched_.now(), queued_.back().ended);
  queued_.push_back({simulated_cpu_task::output(item), start, start + cpu_.cost()});
}

task<cpu_offload::result> simulated_cpu_thread::next() {
  if (queued_.empty()) throw std::logic_error("simulated_cpu_thread: next() with nothing submitted");
  co_await sched_.sleep_until(queued_.front().ended);
  result done = std::move(queued_.front());
  queued_.pop_front();
  co_return done;
}

std::string simulated_cpu_task::name() const {
  return "simulated " + std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(cost_).count()) + " us";
}

std::vector<std::string> mixed_items(std::size_t count, std::uint64_t seed) {
  std::mt19937_64 random{seed};
  std::vector<std::string> out(count, std::string(10, 'a'));
  // The raw engine, not a distribution: distributions differ between standard libraries.
  for (auto& word : out) {
    for (auto& letter : word) letter = static_cast<char>('a' + random() % 26);
  }
  return out;
}

std::optional<std::string> validate(const mixed_config& config) {
  if (auto problem = check_whole("items", config.items, items_range)) return problem;
  if (auto problem = check_whole_signed("delay", config.delay_ms, delay_ms_range)) return problem;
  if (auto problem = check_whole("batch", config.batch, batch_range)) return problem;
  if (auto problem = check_whole("concurrency", config.concurrency, concurrency_range)) return problem;
  if (config.timeout < clock::duration::zero() || config.timeout > std::chrono::milliseconds(timeout_ms_range.high)) {
    return "timeout: must be from 0 to " + with_thousands(timeout_ms_range.high) + " ms";
  }
  if (auto problem = config.server.check()) return "server: " + *problem;
  return std::nullopt;
}

namespace {

// One run's bookkeeping, shared by its modes.
class mixed_run {
 public:
  mixed_run(scheduler& sched, transport& via, cpu_task& cpu, const mixed_config& config, mixed_observer* observer)
      : sched_(sched),
        cpu_(cpu),
        observer_(observer),
        client_(sched, via, request_options{connection_reuse::pooled, 0, config.timeout}),
        url_(config.server.base_url() + "/add?name=mixed-" + std::string(to_string(config.mode)) +
             "&delay=" + std::to_string(config.delay_ms)),
        start_(sched.now()) {
    result_.mode = config.mode;
    result_.cpu = cpu.name();
    result_.items = config.items;
    result_.delay_ms = config.delay_ms;
    result_.batch = config.batch;
    result_.concurrency = config.concurrency;
  }

  // The CPU work for item i, on this thread; its segment is recorded.
  std::string compute(std::size_t item, std::string_view input) {
    const auto from = sched_.now();
    std::string out = cpu_.run(input);
    record_cpu(item, from, sched_.now());
    return out;
  }

  // The next result of `beside`, which worked on item i while this thread's loop went on;
  // nothing when it skipped the item (Stop).
  task<std::optional<std::string>> computed_beside(cpu_offload& beside, std::size_t item) {
    auto done = co_await beside.next();
    if (done.skipped) co_return std::nullopt;
    record_cpu(item, done.started, done.ended);
    co_return std::move(done.out);
  }

  // POSTs `hash`, waits for the answer and checks that it echoes the hash back.
  task<void> send(std::size_t item, std::string hash) {
    ++result_.sent;
    response answer;
    co_await client_.post(url_, hash, answer);
    result_.retries += answer.retries;
    std::string problem;
    if (answer.error != transfer_error::none) {
      problem = std::string(to_string(answer.error));
    } else if (answer.status != 200) {
      problem = "status " + std::to_string(answer.status);
    } else {
      const auto echoed = nlohmann::json::parse(answer.body, nullptr, false);
      if (!echoed.is_object() || !echoed.contains("result") || echoed["result"] != hash) problem = "wrong echo";
    }
    if (problem.empty()) ++result_.ok;
    else ++result_.errors[problem];
    add({mixed_segment::kind::io, item, since_start(answer.started), since_start(answer.done), problem.empty()});
  }

  // Before each item: false once the observer asks to stop (the run is then marked stopped).
  bool go_on() {
    if (observer_ && observer_->stop_requested()) result_.stopped = true;
    return !result_.stopped;
  }

  // Sends with an async permit held until the answer is in.
  task<void> send_holding(std::size_t item, std::string hash, async_semaphore::permit) {
    co_await send(item, std::move(hash));
  }

  mixed_result finish() {
    result_.seconds = to_seconds(sched_.now() - start_);
    return std::move(result_);
  }

 private:
  [[nodiscard]] clock::time_point since_start(clock::time_point t) const {
    return clock::time_point{t - start_};
  }

  void record_cpu(std::size_t item, clock::time_point from, clock::time_point to) {
    add({mixed_segment::kind::cpu, item, since_start(from), since_start(to), true});
    result_.cpu_seconds += to_seconds(to - from);
  }

  void add(const mixed_segment& s) {
    result_.segments.push_back(s);
    if (observer_) observer_->on_segment(s);
  }

  scheduler& sched_;
  cpu_task& cpu_;
  mixed_observer* observer_;
  http_client client_;
  std::string url_;
  clock::time_point start_;
  mixed_result result_;
};

// What each mode works with: the items, in order, and the run that records them.
struct mode_context {
  scheduler& sched;
  const mixed_config& config;
  const std::vector<std::string>& items;
  mixed_run& run;

  // Between items: the browser's loop must run even in the modes without I/O in flight, or its
  // Stop and progress messages would wait for the whole mode.
  [[nodiscard]] task<void> between_items() const {
    if (config.yield_between_items) co_await sched.yield();
  }
};

// noio: the CPU work alone.
task<void> run_noio(const mode_context& m) {
  for (std::size_t i = 0; i < m.items.size() && m.run.go_on(); ++i) {
    static_cast<void>(m.run.compute(i, m.items[i]));
    co_await m.between_items();
  }
}

// serial: each hash, then its POST, answered before the next hash.
task<void> run_serial(const mode_context& m) {
  for (std::size_t i = 0; i < m.items.size() && m.run.go_on(); ++i) {
    std::string hash = m.run.compute(i, m.items[i]);
    if (!m.run.go_on()) break;  // stopped during the hash: nothing more is sent
    co_await m.run.send(i, std::move(hash));
  }
}

// batched: `batch` hashes, then their POSTs all at once, answered before the next batch.
task<void> run_batched(const mode_context& m) {
  for (std::size_t first = 0; first < m.items.size() && m.run.go_on(); first += m.config.batch) {
    const std::size_t last = std::min(m.items.size(), first + m.config.batch);
    std::vector<std::string> hashes;
    for (std::size_t i = first; i < last && m.run.go_on(); ++i) {
      hashes.push_back(m.run.compute(i, m.items[i]));
      co_await m.between_items();
    }
    if (!m.run.go_on()) break;
    task_scope batch;
    for (std::size_t k = 0; k < hashes.size(); ++k) batch.spawn(m.run.send(first + k, std::move(hashes[k])));
    co_await batch.join();
  }
}

// async: hashes on this thread, each POST sent under a permit of `in_flight` while the next hash runs.
task<void> issue_async(const mode_context& m, async_semaphore& in_flight, task_scope& sends) {
  for (std::size_t i = 0; i < m.items.size() && m.run.go_on(); ++i) {
    std::string hash = m.run.compute(i, m.items[i]);
    if (!m.run.go_on()) break;
    auto permit = co_await in_flight.acquire();
    sends.spawn(m.run.send_holding(i, std::move(hash), std::move(permit)));
    co_await m.sched.yield();  // answers that came in during the hash are taken now
  }
}

// threaded: hashes on `beside`'s thread while this loop sends. One item is queued ahead, so the
// CPU thread never waits for this loop to hand it the next; the concurrency limit still holds the
// CPU work back when POSTs pile up.
task<void> issue_threaded(const mode_context& m, cpu_offload& beside, async_semaphore& in_flight, task_scope& sends) {
  beside.submit(m.items[0]);
  for (std::size_t i = 0; i < m.items.size() && m.run.go_on(); ++i) {
    if (i + 1 < m.items.size()) beside.submit(m.items[i + 1]);
    auto hash = co_await m.run.computed_beside(beside, i);  // the loop runs meanwhile
    if (!hash || !m.run.go_on()) break;                      // skipped or stopped: not sent
    auto permit = co_await in_flight.acquire();
    sends.spawn(m.run.send_holding(i, std::move(*hash), std::move(permit)));
  }
}

// async and threaded: at most `concurrency` POSTs in flight while the hashing goes on. A failure
// (the CPU task throwing) must not leave the scope with POSTs in flight: they are waited for,
// then the failure goes on.
task<void> run_overlapped(const mode_context& m, cpu_offload* beside) {
  async_semaphore in_flight{m.sched, m.config.concurrency};
  task_scope sends;
  std::exception_ptr failure;
  try {
    if (m.config.mode == mixed_mode::async) co_await issue_async(m, in_flight, sends);
    else co_await issue_threaded(m, *beside, in_flight, sends);
  } catch (...) {
    failure = std::current_exception();
  }
  co_await sends.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace

task<mixed_result> run_mixed(scheduler& sched, transport& via, cpu_task& cpu, mixed_config config,
                             cpu_offload* beside, mixed_observer* observer) {
  if (auto problem = validate(config)) throw std::invalid_argument(*problem);
  if (config.mode == mixed_mode::threaded && !beside) {
    throw std::invalid_argument("threaded: no CPU thread to run the work on here");
  }
  const auto items = mixed_items(config.items, config.seed);
  mixed_run run{sched, via, cpu, config, observer};
  const mode_context m{sched, config, items, run};
  switch (config.mode) {
    case mixed_mode::noio: co_await run_noio(m); break;
    case mixed_mode::serial: co_await run_serial(m); break;
    case mixed_mode::batched: co_await run_batched(m); break;
    case mixed_mode::async:
    case mixed_mode::threaded: co_await run_overlapped(m, beside); break;
  }
  co_return run.finish();
}

double mixed_lower_bound_seconds(const mixed_result& r) noexcept {
  const double delay = static_cast<double>(r.delay_ms) / 1000.0;
  const auto waves = [&](std::size_t per_wave) {
    return static_cast<double>(per_wave == 0 ? r.items : (r.items + per_wave - 1) / per_wave);
  };
  switch (r.mode) {
    case mixed_mode::noio: return r.cpu_seconds;
    case mixed_mode::serial: return r.cpu_seconds + static_cast<double>(r.items) * delay;
    case mixed_mode::batched: return r.cpu_seconds + waves(r.batch) * delay;
    case mixed_mode::async:
    case mixed_mode::threaded: return std::max(r.cpu_seconds + delay, waves(r.concurrency) * delay);
  }
  return r.cpu_seconds;
}

std::optional<double> mixed_efficiency(const mixed_result& r) noexcept {
  if (r.seconds <= 0 || (r.mode != mixed_mode::noio && r.ok == 0)) return std::nullopt;
  return mixed_lower_bound_seconds(r) / r.seconds;
}

}  // namespace crawlbench
