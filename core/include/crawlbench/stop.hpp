#pragma once
// One carrier for "stop": a stop_source requests it, the stop_tokens it hands out are checked
// where work is about to start, and a stop_callback runs code the moment stop is requested
// (cancel a transport's transfers, wake a loop). The shape of C++20's std::stop_source /
// stop_token / stop_callback (P0660) and of cppcoro's cancellation_source / cancellation_token /
// cancellation_registration; Emscripten 3.1.6's libc++ has neither, so core keeps its own.
//
//   stop_source stop;                                    // the Stop button, the Ctrl-C watcher
//   run_crawl(sched, transport, config, observer, stop.token());
//   stop.request_stop();                                 // from any thread
//
// Thread safety: request_stop() and stop_requested() may be called from any thread; callbacks run
// on the thread that requests stop (or, registered after it, on the registering thread, at once).
// Not async-signal-safe: a signal handler hands the request to a thread (native/cli/interrupt).

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>

namespace crawlbench {

class stop_callback;

namespace detail {
// What a source and its tokens share: the flag, and the callbacks to run once (an intrusive list).
struct stop_state {
  std::atomic<bool> requested{false};
  std::mutex mutex;  // guards the list, and is held while the callbacks run
  stop_callback* head = nullptr;
};
}  // namespace detail

// Checked, copied freely, passed by value. A default-constructed token never stops.
class stop_token {
 public:
  stop_token() noexcept = default;

  [[nodiscard]] bool stop_requested() const noexcept {
    return state_ && state_->requested.load(std::memory_order_acquire);
  }
  // False for a default-constructed token: nobody can ever request its stop.
  [[nodiscard]] bool stop_possible() const noexcept { return state_ != nullptr; }

 private:
  friend class stop_source;
  friend class stop_callback;
  explicit stop_token(std::shared_ptr<detail::stop_state> state) noexcept : state_(std::move(state)) {}
  std::shared_ptr<detail::stop_state> state_;
};

// Requests stop, once; copies share the request.
class stop_source {
 public:
  stop_source() : state_(std::make_shared<detail::stop_state>()) {}

  [[nodiscard]] stop_token token() const noexcept { return stop_token{state_}; }
  [[nodiscard]] bool stop_requested() const noexcept { return state_->requested.load(std::memory_order_acquire); }

  // Sets the flag and runs every registered callback, on this thread, before returning. Returns
  // true for the call that made the request, false when stop had already been requested.
  bool request_stop();

 private:
  std::shared_ptr<detail::stop_state> state_;
};

// Runs `on_stop` once when the token's stop is requested: at once, in the constructor, when it
// already was; never after the destructor has returned (the destructor waits for a callback
// running on another thread). `on_stop` must not throw, and must not create or destroy another
// stop_callback of the same source (it runs with the source's lock held).
class stop_callback {
 public:
  stop_callback(const stop_token& token, std::function<void()> on_stop);
  ~stop_callback();
  stop_callback(const stop_callback&) = delete;
  stop_callback& operator=(const stop_callback&) = delete;

 private:
  friend class stop_source;
  std::shared_ptr<detail::stop_state> state_;  // null: not registered (no source, or ran at once)
  std::function<void()> on_stop_;
  stop_callback* prev_ = nullptr;
  stop_callback* next_ = nullptr;
};

}  // namespace crawlbench
