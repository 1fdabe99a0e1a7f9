#pragma once
// Files of the web UI under --web-root, with the right content types.
#include <optional>
#include <string>
#include <string_view>

namespace crawlbench::server {

struct file_body {
  std::string content;
  const char* content_type;
};

// `relative` has been checked for traversal by the router; nothing when it is not a regular file.
[[nodiscard]] std::optional<file_body> load_static_file(const std::string& web_root, const std::string& relative);

[[nodiscard]] const char* content_type_for(std::string_view path) noexcept;

// What GET / shows when no web root is configured.
[[nodiscard]] std::string builtin_index_page();

}  // namespace crawlbench::server
