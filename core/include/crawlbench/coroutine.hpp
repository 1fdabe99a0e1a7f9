#pragma once
// One spelling of the coroutine library for every toolchain: g++ 12 and clang ship <coroutine>;
// Emscripten 3.1.6's libc++ 13 has only <experimental/coroutine>.

#if __has_include(<coroutine>)
#include <coroutine>
namespace crawlbench::coro {
using std::coroutine_handle;
using std::noop_coroutine;
using std::suspend_always;
using std::suspend_never;
}  // namespace crawlbench::coro
#elif __has_include(<experimental/coroutine>)
#include <experimental/coroutine>
namespace crawlbench::coro {
using std::experimental::coroutine_handle;
using std::experimental::noop_coroutine;
using std::experimental::suspend_always;
using std::experimental::suspend_never;
}  // namespace crawlbench::coro
#else
#error "crawlbench needs C++20 coroutines (<coroutine> or <experimental/coroutine>)"
#endif
