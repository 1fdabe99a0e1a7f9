#include "run_view.hpp"

#include <algorithm>

namespace crawlbench::ui {

run_view::run_view(crawl_config c) : config(std::move(c)), spans(config.num), instances(config.num) {
  for (std::size_t i = 0; i < instances.size(); ++i) instances[i].row = static_cast<float>(i);
  dirty_last = instances.size();
}

std::string run_view::title() const {
  std::string t{to_string(config.strategy)};
  if (config.strategy != strategy_kind::serial) t += " C=" + std::to_string(config.concurrency);
  if (config.server.is_simulated()) t += " (simulated)";
  if (!client.empty()) t += " (" + client + ")";
  return t;
}

double run_view::now_s(std::chrono::steady_clock::time_point now) const {
  if (result) return result->seconds;
  if (state != run_state::running) return 0;
  return std::chrono::duration<double>(now - started_at).count();
}

void run_view::apply(const request_event& e) {
  if (e.index >= spans.size()) return;
  auto& inst = instances[e.index];
  if (e.finished) {
    spans[e.index] = e.s;
    inst.start_s = static_cast<float>(to_seconds(e.s.started));
    inst.end_s = static_cast<float>(to_seconds(e.s.done));
    const bool ok = e.s.result == outcome::ok;
    inst.colour = static_cast<float>(ok ? span_colour::ok : span_colour::failed);
    ++finished;
    if (!ok) ++failed;
    count_connection(e.s);
  } else {
    spans[e.index].started = e.s.started;
    inst.start_s = static_cast<float>(to_seconds(e.s.started));
    inst.end_s = -1;
    inst.colour = static_cast<float>(span_colour::in_flight);
    ++issued;
  }
  dirty_first = std::min<std::size_t>(dirty_first, e.index);
  dirty_last = std::max<std::size_t>(dirty_last, e.index + 1);
}

void run_view::end(crawl_feed::run_end&& e) {
  state = run_state::done;
  failure = std::move(e.failure);
  client_cpu_us_per_request = e.client_cpu_us_per_request;
  if (!failure.empty()) return;
  // The result's spans are the truth: requests never finished (a Stop) keep their in-flight look
  // but count as failed.
  // A run from a share link may keep every k-th request only (span_stride).
  result = std::move(e.result);
  const std::size_t stride = std::max<std::size_t>(result->span_stride, 1);
  for (std::size_t k = 0; k < result->spans.size() && k * stride < spans.size(); ++k) {
    const std::size_t i = k * stride;
    const auto& s = result->spans[k];
    spans[i] = s;
    auto& inst = instances[i];
    if (!s.recorded) {
      if (inst.colour == static_cast<float>(span_colour::in_flight) || s.started > clock::duration::zero()) {
        inst.start_s = static_cast<float>(to_seconds(s.started));
        inst.end_s = static_cast<float>(result->seconds);
        inst.colour = static_cast<float>(span_colour::failed);
      }
      continue;
    }
    inst.start_s = static_cast<float>(to_seconds(s.started));
    inst.end_s = static_cast<float>(to_seconds(s.done));
    inst.colour = static_cast<float>(s.result == outcome::ok ? span_colour::ok : span_colour::failed);
  }
  failed = result->errors;
  opened_connections = tls_handshakes = 0;
  for (const auto& s : spans) count_connection(s);
  dirty_first = 0;
  dirty_last = instances.size();
  series = result->series;
}

void run_view::count_connection(const span& s) {
  opened_connections += s.opened_connection() ? 1 : 0;
  tls_handshakes += s.connection == connection_use::opened_tls ? 1 : 0;
}

void run_view::refresh_series(std::chrono::steady_clock::time_point now, std::chrono::milliseconds max_age) {
  if (result || state != run_state::running || now - series_at < max_age) return;
  series_at = now;
  series = crawlbench::series(spans, std::max(now_s(now), 1e-3), 100);
}

}  // namespace crawlbench::ui
