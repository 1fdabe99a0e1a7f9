#include "crawlbench/url_list_file.hpp"

#include <cerrno>
#include <cstring>

namespace crawlbench {

expected<std::string> read_url_list_text(std::FILE* file, std::string_view name) {
  std::string text;
  char buffer[65536];
  while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, file)) {
    if (text.size() + n > max_url_file_bytes) return unexpected_error(std::string(name) + ": larger than 1 GiB");
    text.append(buffer, n);
  }
  if (std::ferror(file)) return unexpected_error(std::string(name) + ": cannot read it: " + std::strerror(errno));
  return text;
}

expected<std::string> read_url_list_file(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return unexpected_error(path + ": cannot open it: " + std::strerror(errno));
  auto text = read_url_list_text(file, path);
  std::fclose(file);
  return text;
}

}  // namespace crawlbench
