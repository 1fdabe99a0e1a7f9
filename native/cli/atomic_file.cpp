#include "atomic_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace crawlbench::cli {

std::optional<std::string> write_file_atomically(const std::string& path, std::string_view content) {
  const std::string temp = path + ".tmp." + std::to_string(::getpid());
  const auto failed = [&](const char* what) {
    const std::string message = "cannot write " + path + ": " + what + ": " + std::strerror(errno);
    ::unlink(temp.c_str());
    return message;
  };
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return "cannot write " + path + ": " + std::strerror(errno);
  std::size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      return failed("write");
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    ::close(fd);
    return failed("fsync");
  }
  if (::close(fd) != 0) return failed("close");
  if (::rename(temp.c_str(), path.c_str()) != 0) return failed("rename");
  return std::nullopt;
}

}  // namespace crawlbench::cli
