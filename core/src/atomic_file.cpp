#include "crawlbench/atomic_file.hpp"

#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace crawlbench {

std::optional<std::string> write_file_atomically(const std::string& path, std::string_view content) {
  const std::string temp = path + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) return "cannot write " + temp + ": " + std::strerror(errno);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    if (!out) {
      std::error_code ignored;
      std::filesystem::remove(temp, ignored);
      return "cannot write " + temp + ": " + std::strerror(errno);
    }
  }
  std::error_code ec;
  std::filesystem::rename(temp, path, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(temp, ignored);
    return "cannot rename " + temp + " to " + path + ": " + ec.message();
  }
  return std::nullopt;
}

}  // namespace crawlbench
