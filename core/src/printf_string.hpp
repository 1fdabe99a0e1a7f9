#pragma once
// snprintf into a std::string of the length it needs, for core's tables and reports: a line is
// never cut, however wide its figures.
#include <cstdio>
#include <string>

namespace crawlbench::detail {

std::string printf_string(const char* format, auto... args) {
  const int n = std::snprintf(nullptr, 0, format, args...);
  if (n <= 0) return {};
  std::string out(static_cast<std::size_t>(n), '\0');
  // size() + 1: snprintf ends with a NUL, which std::string keeps room for at data()[size()].
  std::snprintf(out.data(), out.size() + 1, format, args...);
  return out;
}

}  // namespace crawlbench::detail
