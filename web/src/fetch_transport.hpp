#pragma once
// The browser's transport: emscripten_fetch (XMLHttpRequest underneath). Completions arrive from
// the browser's event loop; each completes its transfer (which posts the awaiting coroutine to
// the scheduler) and then calls `on_progress`, which pumps the scheduler at once: a completion
// never waits for a frame.

#include <emscripten/fetch.h>

#include <cstddef>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "crawlbench/clock.hpp"
#include "crawlbench/stop.hpp"
#include "crawlbench/transport.hpp"

namespace crawlbench::web {

class fetch_transport final : public transport {
 public:
  fetch_transport(const clock& time, std::function<void()> on_progress)
      : clock_(time), on_progress_(std::move(on_progress)) {}
  ~fetch_transport() override;
  fetch_transport(const fetch_transport&) = delete;
  fetch_transport& operator=(const fetch_transport&) = delete;

  void start(transfer& t) override;
  [[nodiscard]] std::string_view name() const noexcept override { return "fetch"; }

  [[nodiscard]] std::size_t in_flight() const noexcept { return active_.size(); }
  // From now on, once `stop` is requested, every fetch in flight is aborted and every later one
  // fails at once, all as transfer_error::cancelled. Each run gives its own token (a Stop ends
  // that run only); the stop is requested on this thread (the worker's).
  void stop_with(stop_token stop);

 private:
  struct state;
  static void on_success(emscripten_fetch_t* fetch);
  static void on_error(emscripten_fetch_t* fetch);
  void finish(state* s, emscripten_fetch_t* fetch, bool success);
  void abort_in_flight();
  [[nodiscard]] bool cancelled() const noexcept { return stop_.stop_requested(); }

  const clock& clock_;
  std::function<void()> on_progress_;
  std::vector<state*> active_;
  stop_token stop_;
  std::optional<stop_callback> on_stop_;
};

}  // namespace crawlbench::web
