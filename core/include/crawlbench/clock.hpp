#pragma once
// The time source of a crawl. Everything in core reads time through a clock, so one strategy runs
// in real time (native, browser) or in virtual time (the simulator and deterministic tests).

#include <chrono>
#include <cstdint>
#include <optional>

namespace crawlbench {

class clock {
 public:
  using duration = std::chrono::nanoseconds;
  using time_point = std::chrono::time_point<clock, duration>;

  virtual ~clock() = default;
  // Time since this clock's epoch (its construction, for a real clock; zero, for a virtual one).
  [[nodiscard]] virtual time_point now() const noexcept = 0;
  // `t` as seconds since the Unix epoch (UTC: the system clock), for a clock that keeps wall time;
  // nothing for a virtual one. What puts runs of different processes or machines on one time axis.
  [[nodiscard]] virtual std::optional<double> unix_seconds(time_point t) const noexcept {
    static_cast<void>(t);
    return std::nullopt;
  }
};

// Seconds as a double, for reports: the one conversion the timing model and formats share.
[[nodiscard]] constexpr double to_seconds(clock::duration d) noexcept {
  return std::chrono::duration<double>(d).count();
}
[[nodiscard]] constexpr double to_seconds(clock::time_point t) noexcept {
  return to_seconds(t.time_since_epoch());
}
// The clock's reach either side of its epoch, s: int64 nanoseconds hold about 292 years. A
// little less, so that a value at the edge still converts without rounding past it.
inline constexpr double max_clock_seconds = 9.2e9;

// Seconds as a duration, or nothing when `s` is not finite or beyond ±max_clock_seconds: the one
// checked conversion from a double of seconds (a plain duration_cast overflows, which is undefined).
[[nodiscard]] constexpr std::optional<clock::duration> checked_seconds(double s) noexcept {
  if (!(s >= -max_clock_seconds && s <= max_clock_seconds)) return std::nullopt;  // NaN fails too
  return std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(s));
}
[[nodiscard]] constexpr std::optional<clock::duration> checked_milliseconds(double ms) noexcept {
  return checked_seconds(ms / 1000.0);
}
// For values validated before: clamps to ±max_clock_seconds, NaN to zero, never overflows.
[[nodiscard]] constexpr clock::duration from_seconds(double s) noexcept {
  if (s != s) return clock::duration::zero();
  return *checked_seconds(s < -max_clock_seconds ? -max_clock_seconds : s > max_clock_seconds ? max_clock_seconds : s);
}

// Monotonic wall time (std::chrono::steady_clock), counted from construction; the system clock
// read at the same instant places it in calendar time (unix_seconds).
class real_clock final : public clock {
 public:
  real_clock() noexcept
      : epoch_(std::chrono::steady_clock::now()),
        unix_epoch_s_(to_seconds(std::chrono::system_clock::now().time_since_epoch())) {}
  [[nodiscard]] time_point now() const noexcept override {
    return time_point{std::chrono::duration_cast<duration>(std::chrono::steady_clock::now() - epoch_)};
  }
  [[nodiscard]] std::optional<double> unix_seconds(time_point t) const noexcept override {
    return unix_epoch_s_ + to_seconds(t);
  }

 private:
  std::chrono::steady_clock::time_point epoch_;
  double unix_epoch_s_;  // the system clock at construction, s since 1970-01-01 UTC
};

// Time that moves only when told to: the loop owner advances it to the next timer's deadline.
class virtual_clock final : public clock {
 public:
  [[nodiscard]] time_point now() const noexcept override { return now_; }
  // Time never runs backwards: advancing to the past is a no-op.
  void advance_to(time_point t) noexcept {
    if (t > now_) now_ = t;
  }
  void advance_by(duration d) noexcept { advance_to(now_ + d); }

 private:
  time_point now_{};
};

}  // namespace crawlbench
