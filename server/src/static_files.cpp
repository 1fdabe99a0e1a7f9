#include "static_files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace crawlbench::server {

const char* content_type_for(std::string_view path) noexcept {
  const auto dot = path.rfind('.');
  const std::string_view ext = dot == std::string_view::npos ? std::string_view{} : path.substr(dot);
  if (ext == ".html" || ext == ".htm") return "text/html; charset=UTF-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=UTF-8";
  if (ext == ".wasm") return "application/wasm";
  if (ext == ".css") return "text/css; charset=UTF-8";
  if (ext == ".json" || ext == ".map") return "application/json";
  if (ext == ".png") return "image/png";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".txt" || ext == ".md") return "text/plain; charset=UTF-8";
  return "application/octet-stream";
}

std::optional<file_body> load_static_file(const std::string& web_root, const std::string& relative) {
  if (web_root.empty()) return std::nullopt;
  const std::filesystem::path path = std::filesystem::path(web_root) / relative;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return std::nullopt;
  // A symbolic link inside the root must not lead out of it.
  const auto root = std::filesystem::weakly_canonical(web_root, ec);
  const auto real = std::filesystem::weakly_canonical(path, ec);
  if (ec) return std::nullopt;
  const auto [root_end, ignored] = std::mismatch(root.begin(), root.end(), real.begin(), real.end());
  if (root_end != root.end()) return std::nullopt;

  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream content;
  content << in.rdbuf();
  return file_body{content.str(), content_type_for(relative)};
}

std::string builtin_index_page() {
  return R"(<!doctype html>
<html><head><meta charset="utf-8"><title>crawlbench-server</title></head>
<body>
<h1>crawlbench-server</h1>
<p>The delay server of <em>High Performance Python</em>'s asynchronous I/O chapter.</p>
<ul>
<li><code>GET /add?name=N&amp;delay=MS</code>: sleeps MS milliseconds (default 1024), answers <code>.</code>, records the request under N</li>
<li><code>POST /add?delay=MS</code>: sleeps MS (default 100), answers <code>{"result": &lt;body&gt;, "t": &lt;seconds&gt;}</code></li>
<li><code>GET /add?flush=1</code>: writes the metrics file</li>
<li><code>GET /metrics[?name=N]</code>: the recorded spans as JSON</li>
<li><code>GET /origins</code>: every listener's URL</li>
<li><code>GET /healthz</code></li>
<li><code>HEAD</code> on any of these: GET's status and headers, no body</li>
</ul>
<p>No web UI here: start the server with <code>--web-root</code> pointing at the web build.</p>
</body></html>
)";
}

}  // namespace crawlbench::server
