#pragma once
// Where crawlbench-server finds the web UI's files when --web-root is not given.
#include <filesystem>
#include <string>

namespace crawlbench::server {

// The web root for the binary at `executable` (read from /proc/self/exe): the first of
//   <executable's folder>/../share/crawlbench/web   installed (cmake --install, the .deb):
//                                                   <prefix>/bin -> <prefix>/share/crawlbench/web
//   <executable's folder>/../../web/web-root        the build tree: build/<preset>/server ->
//                                                   build/web/web-root, the web preset's output
// that holds an index.html, as a canonical path; empty when neither does (a missing or unreadable
// folder is "not there", never an error).
[[nodiscard]] std::string find_web_root(const std::filesystem::path& executable);

// find_web_root for this process's own binary; empty when /proc/self/exe cannot be read.
[[nodiscard]] std::string find_own_web_root();

}  // namespace crawlbench::server
