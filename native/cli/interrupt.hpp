#pragma once
// Ctrl-C during `crawlbench run`, `mixed` and `report`: the run in progress is cancelled (its
// requests in flight end as `cancelled`, the rest are not sent), later runs are skipped, and what
// was done is still printed and written; the exit status is 130 (128 + SIGINT), "interrupted". A
// second Ctrl-C is not caught: it ends the process at once, as usual.
//
// The handler only sets a flag and writes a byte to a pipe (async-signal-safe); a thread of the
// guard's reads it and requests stop on the guard's stop_source, whose token the crawls were given
// (core's stop.hpp: its callbacks take a lock, which a signal handler must not).
#include <signal.h>

#include <thread>

#include "crawlbench/stop.hpp"

namespace crawlbench::cli {

class interrupt_guard {
 public:
  // Installs the SIGINT handler and starts the thread that turns it into a stop request. Throws
  // std::system_error when the pipe cannot be made. Start it after fork()ing any child (a thread).
  interrupt_guard();
  ~interrupt_guard();  // restores the previous action; ends the thread
  interrupt_guard(const interrupt_guard&) = delete;
  interrupt_guard& operator=(const interrupt_guard&) = delete;

  // Requested on Ctrl-C: give it to every crawl this command runs.
  [[nodiscard]] stop_token token() const noexcept { return stop_.token(); }
  // Whether Ctrl-C was pressed (the exit status and the report's note say so).
  [[nodiscard]] static bool interrupted() noexcept;

 private:
  stop_source stop_;
  int pipe_[2] = {-1, -1};  // the handler writes [1]; the thread reads [0]
  std::thread watcher_;
};

}  // namespace crawlbench::cli
