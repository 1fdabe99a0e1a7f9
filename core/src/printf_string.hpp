#pragma once
// snprintf into a std::string, for core's tables and reports (lines under 512 characters).
#include <algorithm>
#include <cstdio>
#include <string>

namespace crawlbench::detail {

std::string printf_string(const char* format, auto... args) {
  char buffer[512];
  const int n = std::snprintf(buffer, sizeof buffer, format, args...);
  return std::string(buffer, n < 0 ? 0 : std::min<std::size_t>(static_cast<std::size_t>(n), sizeof buffer - 1));
}

}  // namespace crawlbench::detail
