#include "crawlbench/atomic_file.hpp"

#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace crawlbench {

expected<void> write_file_atomically(const std::string& path, std::string_view content) {
  // A device or a pipe (/dev/null, /dev/stdout, a FIFO) cannot be replaced, only written: renaming
  // a file over /dev/null would turn the machine's /dev/null into a regular file (as root).
  std::error_code status_error;
  const auto status = std::filesystem::status(path, status_error);
  if (!status_error && std::filesystem::exists(status) && !std::filesystem::is_regular_file(status) &&
      !std::filesystem::is_directory(status)) {
    std::ofstream out(path, std::ios::binary);
    if (!out) return unexpected_error("cannot write " + path + ": " + std::strerror(errno));
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    if (!out) return unexpected_error("cannot write " + path + ": " + std::strerror(errno));
    return {};
  }
  const std::string temp = path + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) return unexpected_error("cannot write " + temp + ": " + std::strerror(errno));
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    if (!out) {
      std::error_code ignored;
      std::filesystem::remove(temp, ignored);
      return unexpected_error("cannot write " + temp + ": " + std::strerror(errno));
    }
  }
  std::error_code ec;
  std::filesystem::rename(temp, path, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(temp, ignored);
    return unexpected_error("cannot rename " + temp + " to " + path + ": " + ec.message());
  }
  return {};
}

expected<void> check_writable(const std::string& path) {
  std::error_code status_error;
  const auto status = std::filesystem::status(path, status_error);
  if (!status_error && std::filesystem::is_directory(status)) return unexpected_error("cannot write " + path + ": it is a folder");
  // A device or a pipe is written in place: not opened here (a FIFO's open waits for its reader).
  if (!status_error && std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) return {};
  const std::string temp = path + ".tmp";
  std::ofstream out(temp, std::ios::binary | std::ios::trunc);
  if (!out) return unexpected_error("cannot write " + temp + ": " + std::strerror(errno));
  out.close();
  std::error_code ignored;
  std::filesystem::remove(temp, ignored);
  return {};
}

}  // namespace crawlbench
