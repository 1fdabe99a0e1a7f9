#pragma once
// Reading JSON (or CBOR decoded by nlohmann-json) with every accessor saying which field is wrong:
// they throw std::runtime_error("where: what"). Internal to core.

#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

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

inline std::string text(const json& j, const std::string& where) {
  if (!j.is_string()) fail(where, "expected a string");
  return j.get<std::string>();
}

}  // namespace crawlbench::detail
