#pragma once
// Results in completion order, like `asyncio.as_completed` and `gevent.iwait`:
//
//   as_completed<std::size_t> done;
//   for (auto& url : urls) done.spawn(fetch(url));
//   while (auto bytes = co_await done.next()) total += *bytes;
//
// spawn() starts a task at once; next() yields the oldest undelivered result, waiting for one if
// none is ready, and nothing once every spawned task has been delivered. A task's exception is
// rethrown by the next() that delivers it. Drain it before destroying it (see task_scope).

#include <cstddef>
#include <cstdio>
#include <deque>
#include <exception>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

#include "crawlbench/coroutine.hpp"
#include "crawlbench/detail/detached.hpp"
#include "crawlbench/task.hpp"

namespace crawlbench {

template <typename T>
class as_completed {
  static_assert(!std::is_void_v<T>, "as_completed delivers values; use task_scope for task<void>");

 public:
  as_completed() noexcept = default;
  as_completed(const as_completed&) = delete;
  as_completed& operator=(const as_completed&) = delete;
  ~as_completed() {
    if (running_ != 0) {
      std::fputs("crawlbench: as_completed destroyed with running tasks\n", stderr);
      std::terminate();
    }
  }

  void spawn(task<T> work) {
    auto child = run(*this, std::move(work));
    child.handle.promise().set_owner(this, &as_completed::child_done);
    ++running_;
    child.handle.resume();
  }

  [[nodiscard]] std::size_t running() const noexcept { return running_; }
  [[nodiscard]] std::size_t ready() const noexcept { return results_.size(); }

  // Resumed inline when a result is ready, else by symmetric transfer from the end of the task
  // that produced the next result.
  [[nodiscard]] auto next() noexcept {
    struct operation {
      as_completed& self;
      bool await_ready() const noexcept { return !self.results_.empty() || self.running_ == 0; }
      void await_suspend(coro::coroutine_handle<> consumer) noexcept { self.consumer_ = consumer; }
      std::optional<T> await_resume() const {
        if (self.results_.empty()) return std::nullopt;
        auto result = std::move(self.results_.front());
        self.results_.pop_front();
        if (auto* error = std::get_if<std::exception_ptr>(&result)) std::rethrow_exception(*error);
        return std::optional<T>{std::move(std::get<T>(result))};
      }
    };
    return operation{*this};
  }

 private:
  static detail::detached run(as_completed& self, task<T> work) {
    try {
      self.results_.emplace_back(std::in_place_index<0>, co_await std::move(work));
    } catch (...) {
      self.results_.emplace_back(std::in_place_index<1>, std::current_exception());
    }
  }

  static coro::coroutine_handle<> child_done(void* owner) noexcept {
    auto& self = *static_cast<as_completed*>(owner);
    --self.running_;
    return std::exchange(self.consumer_, {});
  }

  std::size_t running_ = 0;
  std::deque<std::variant<T, std::exception_ptr>> results_;
  coro::coroutine_handle<> consumer_;
};

}  // namespace crawlbench
