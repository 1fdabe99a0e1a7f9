#include "crawlbench/mixed.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <optional>
#include <random>
#include <stdexcept>
#include <utility>

#include "crawlbench/http_url.hpp"
#include "crawlbench/limits.hpp"
#include "crawlbench/url.hpp"
#include "mixed_modes/mixed_modes.hpp"

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

expected<std::vector<mixed_mode>> parse_mixed_mode_list(std::string_view list) {
  if (list == "all") return std::vector<mixed_mode>{all_mixed_modes.begin(), all_mixed_modes.end()};
  std::vector<mixed_mode> out;
  while (!list.empty()) {
    const auto comma = list.find(',');
    const auto name = list.substr(0, comma);
    const auto mode = parse_mixed_mode(name);
    if (!mode) {
      return unexpected_error("unknown mode \"" + std::string(name) + "\" (noio, serial, batched, async, threaded, or all)");
    }
    out.push_back(*mode);
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
  }
  if (out.empty()) return unexpected_error("expected at least one mode");
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

expected<void> validate(const mixed_config& config) {
  if (auto checked = check_whole("items", config.items, items_range); !checked) return checked;
  if (auto checked = check_whole_signed("delay", config.delay_ms, delay_ms_range); !checked) return checked;
  if (auto checked = check_whole("batch", config.batch, batch_range); !checked) return checked;
  if (auto checked = check_whole("concurrency", config.concurrency, concurrency_range); !checked) return checked;
  if (auto checked = check_whole_signed("timeout", config.timeout_ms, timeout_ms_range); !checked) return checked;
  if (auto url = config.server.check(); !url) return unexpected_error("server: " + url.error().message);
  if (config.server.is_url_list()) {
    return unexpected_error("server: the CPU + I/O workload POSTs each result to a delay server's /add, not to a URL list");
  }
  return {};
}

namespace detail {

mixed_run::mixed_run(scheduler& sched, transport& via, cpu_task& cpu, const mixed_config& config,
                     mixed_observer* observer, stop_token stop)
    : sched_(sched),
      cpu_(cpu),
      observer_(observer),
      stop_(std::move(stop)),
      client_(sched, via, request_options{connection_reuse::pooled, 0, std::chrono::milliseconds(config.timeout_ms)}),
      url_(add_url(config.server.base_url(), "mixed-" + std::string(to_string(config.mode)), config.delay_ms)),
      start_(sched.now()) {
  result_.mode = config.mode;
  result_.cpu = cpu.name();
  result_.items = config.items;
  result_.delay_ms = config.delay_ms;
  result_.batch = config.batch;
  result_.concurrency = config.concurrency;
}

std::string mixed_run::compute(std::size_t item, std::string_view input) {
  const auto from = sched_.now();
  std::string out = cpu_.run(input);
  record_cpu(item, from, sched_.now());
  return out;
}

task<std::optional<std::string>> mixed_run::computed_beside(cpu_offload& beside, std::size_t item) {
  auto done = co_await beside.next();
  if (done.skipped) co_return std::nullopt;
  record_cpu(item, done.started, done.ended);
  co_return std::move(done.out);
}

task<void> mixed_run::send(std::size_t item, std::string hash) {
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

task<void> mixed_run::send_holding(std::size_t item, std::string hash, async_semaphore::permit) {
  co_await send(item, std::move(hash));
}

bool mixed_run::go_on() {
  if (stop_.stop_requested()) result_.stopped = true;
  return !result_.stopped;
}

mixed_result mixed_run::finish() {
  result_.seconds = to_seconds(sched_.now() - start_);
  return std::move(result_);
}

void mixed_run::record_cpu(std::size_t item, clock::time_point from, clock::time_point to) {
  add({mixed_segment::kind::cpu, item, since_start(from), since_start(to), true});
  result_.cpu_seconds += to_seconds(to - from);
}

void mixed_run::add(const mixed_segment& s) {
  result_.segments.push_back(s);
  if (observer_) observer_->on_segment(s);
}

}  // namespace detail

namespace {
task<void> run_mode(const detail::mode_context& m) {
  switch (m.config.mode) {
    case mixed_mode::noio: return detail::mixed_noio(m);
    case mixed_mode::serial: return detail::mixed_serial(m);
    case mixed_mode::batched: return detail::mixed_batched(m);
    case mixed_mode::async: return detail::mixed_async(m);
    case mixed_mode::threaded: return detail::mixed_threaded(m);
  }
  throw std::logic_error("unknown mode");
}
}  // namespace

task<mixed_result> run_mixed(scheduler& sched, transport& via, cpu_task& cpu, mixed_config config,
                             cpu_offload* beside, mixed_observer* observer, stop_token stop) {
  if (auto valid = validate(config); !valid) throw std::invalid_argument(valid.error().message);
  if (config.mode == mixed_mode::threaded && !beside) {
    throw std::invalid_argument("threaded: no CPU thread to run the work on here");
  }
  const auto items = mixed_items(config.items, config.seed);
  detail::mixed_run run{sched, via, cpu, config, observer, std::move(stop)};
  const detail::mode_context m{sched, config, items, run, beside};
  co_await run_mode(m);
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
