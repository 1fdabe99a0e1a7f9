#pragma once
// Handing control to the coroutine that runs next when one ends (CRAWLBENCH_SYMMETRIC_TRANSFER,
// coroutine.hpp). A final awaiter's await_suspend returns transfer_result and ends with
// `return transfer_to(next);`, next being the coroutine to run or a null handle for none:
// - symmetric transfer: the handle is returned and resumed as a tail call (noop_coroutine() hands
//   control back to whoever resumed the ending coroutine);
// - plain call (wasm): next is resumed inside the call and control comes back here once it
//   suspends, so the stack grows by one resume per await level in flight, never per request.

#include "crawlbench/coroutine.hpp"

namespace crawlbench::detail {

#if CRAWLBENCH_SYMMETRIC_TRANSFER
using transfer_result = coro::coroutine_handle<>;
inline transfer_result transfer_to(coro::coroutine_handle<> next) noexcept {
  return next ? next : coro::noop_coroutine();
}
#else
using transfer_result = void;
inline void transfer_to(coro::coroutine_handle<> next) noexcept {
  if (next) next.resume();
}
#endif

}  // namespace crawlbench::detail
