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

// How a finishing or starting coroutine hands control on. Symmetric transfer (await_suspend
// returning the handle to run next) needs that handle's resume to be a real tail call. Clang 14
// (Emscripten 3.1.6) compiles it to wasm's return_call_indirect but restores the caller's shadow
// stack pointer after it, where it never runs: every transfer out of a coroutine with a frame in
// linear memory left that frame behind, 160-220 bytes a request (docs/web.md "Limits"). So wasm
// builds resume by a plain call that returns (detail/transfer.hpp) and need no tail calls at all.
#ifndef CRAWLBENCH_SYMMETRIC_TRANSFER
#if defined(__wasm__)
#define CRAWLBENCH_SYMMETRIC_TRANSFER 0
#else
#define CRAWLBENCH_SYMMETRIC_TRANSFER 1
#endif
#endif
