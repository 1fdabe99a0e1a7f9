#include "web_root.hpp"

#include <array>
#include <system_error>

// The installed web root relative to the installed binary, from GNUInstallDirs
// (server/CMakeLists.txt); the fallback is their default layout.
#ifndef CRAWLBENCH_INSTALLED_WEB_ROOT
#define CRAWLBENCH_INSTALLED_WEB_ROOT "../share/crawlbench/web"
#endif

namespace crawlbench::server {

std::string find_web_root(const std::filesystem::path& executable) {
  const auto folder = executable.parent_path();
  // Installed first: an installed binary is never inside a build tree, while a build tree's
  // build/<preset>/share/crawlbench/web does not exist.
  const std::array candidates{folder / CRAWLBENCH_INSTALLED_WEB_ROOT, folder / ".." / ".." / "web" / "web-root"};
  for (const auto& candidate : candidates) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(candidate / "index.html", error)) continue;
    const auto root = std::filesystem::weakly_canonical(candidate, error);
    if (!error) return root.string();
  }
  return {};
}

std::string find_own_web_root() {
  std::error_code error;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", error);
  return error ? std::string() : find_web_root(self);
}

}  // namespace crawlbench::server
