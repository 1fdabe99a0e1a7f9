#pragma once
// Reading JSON (or CBOR decoded by nlohmann-json) with every accessor saying which field is wrong:
// they throw std::runtime_error("where: what"). Internal to core.

#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "crawlbench/clock.hpp"
#include "crawlbench/limits.hpp"

namespace crawlbench {
using json = nlohmann::json;
using ordered = nlohmann::ordered_json;  // written documents keep the documented field order
}  // namespace crawlbench

namespace crawlbench::detail {

[[noreturn]] inline void fail(const std::string& where, const std::string& what) {
  throw std::runtime_error(where + ": " + what);
}

inline const json& field(const json& object, const char* key, const std::string& where) {
  if (!object.is_object()) fail(where, "expected an object");
  const auto it = object.find(key);
  if (it == object.end()) fail(where, std::string("missing \"") + key + "\"");
  return *it;
}

inline double number(const json& j, const std::string& where) {
  if (!j.is_number()) fail(where, "expected a number");
  const double v = j.get<double>();
  if (!std::isfinite(v)) fail(where, "expected a finite number");
  return v;
}

template <typename Int>
Int integer(const json& j, const std::string& where) {
  if (!j.is_number_integer()) fail(where, "expected an integer");
  if (j.is_number_unsigned()) {
    const auto v = j.get<std::uint64_t>();
    if (v > static_cast<std::uint64_t>(std::numeric_limits<Int>::max())) fail(where, "out of range");
    return static_cast<Int>(v);
  }
  const auto v = j.get<std::int64_t>();
  if (v < static_cast<std::int64_t>(std::numeric_limits<Int>::min()) ||
      (v > 0 && static_cast<std::uint64_t>(v) > static_cast<std::uint64_t>(std::numeric_limits<Int>::max()))) {
    fail(where, "out of range");
  }
  return static_cast<Int>(v);
}

// A finite number from `low` to `high`: a figure that cannot be negative, a time the clock holds.
inline double number_in(const json& j, const std::string& where, double low, double high) {
  const double v = number(j, where);
  if (v < low || v > high) fail(where, "expected " + number_range_words(low, high));
  return v;
}

// A whole number in `range`, as Int (which holds all of it): never a negative or huge value wrapped.
template <typename Int>
Int whole_in(const json& j, const std::string& where, whole_range range) {
  const bool non_negative = j.is_number_unsigned() || (j.is_number_integer() && j.get<std::int64_t>() >= 0);
  if (!non_negative || !range.holds(j.get<std::uint64_t>())) fail(where, "expected " + range.words());
  return static_cast<Int>(j.get<std::uint64_t>());
}

// A time of a run, s: what the clock holds from the run's start.
inline double seconds_in_run(const json& j, const std::string& where) { return number_in(j, where, 0, max_clock_seconds); }

inline std::string text(const json& j, const std::string& where) {
  if (!j.is_string()) fail(where, "expected a string");
  return j.get<std::string>();
}

}  // namespace crawlbench::detail
