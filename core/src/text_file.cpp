#include "crawlbench/text_file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace crawlbench {

expected<std::string> read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return unexpected_error("cannot read " + path + ": " + std::strerror(errno));
  std::stringstream text;
  text << in.rdbuf();
  if (in.bad()) return unexpected_error("cannot read " + path + ": " + std::strerror(errno));
  return text.str();
}

}  // namespace crawlbench
