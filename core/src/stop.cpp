#include "crawlbench/stop.hpp"

namespace crawlbench {

bool stop_source::request_stop() {
  if (state_->requested.exchange(true, std::memory_order_acq_rel)) return false;
  const std::lock_guard lock{state_->mutex};
  for (stop_callback* c = state_->head; c != nullptr; c = c->next_) c->on_stop_();
  return true;
}

stop_callback::stop_callback(const stop_token& token, std::function<void()> on_stop) : on_stop_(std::move(on_stop)) {
  if (!token.state_) return;
  {
    const std::lock_guard lock{token.state_->mutex};
    // Under the lock, request_stop() has either not run the list yet (then it will run us) or set
    // the flag before taking the lock (then we run ourselves), so the callback runs exactly once.
    if (!token.state_->requested.load(std::memory_order_acquire)) {
      state_ = token.state_;
      next_ = state_->head;
      if (next_) next_->prev_ = this;
      state_->head = this;
      return;
    }
  }
  on_stop_();
}

stop_callback::~stop_callback() {
  if (!state_) return;
  const std::lock_guard lock{state_->mutex};  // waits for a request_stop() running the list
  if (prev_) prev_->next_ = next_;
  else state_->head = next_;
  if (next_) next_->prev_ = prev_;
}

}  // namespace crawlbench
