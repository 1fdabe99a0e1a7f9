#pragma once
// `crawlbench gui`: the crawl in a window (GLFW + OpenGL 3.3), live.
#include <cstddef>
#include <optional>
#include <string>

#include "crawlbench/crawl_plan.hpp"
#include "crawlbench/target.hpp"
#include "crawlbench/ui/mixed_request.hpp"
#include "native_client.hpp"
#include "tls_trust.hpp"

namespace crawlbench::gui {

struct gui_options {
  server_target server;  // --server's URL, else embedded: a delay server the runner starts
  crawl_plan plan;
  bool run_at_start = false;
  std::optional<ui::mixed_request> mixed_at_start;  // run the CPU + I/O workload at once instead
  std::string screenshot;  // a PNG of the window when the crawl ends
  bool exit_after_run = false;
  int width = 1280;
  int height = 800;
  std::string to_open;  // show the results of a share link, or of a result file at this path
  std::string share_base = "http://127.0.0.1:8082/";
  std::string browser = "xdg-open";  // what "Open in browser" runs with the share link
  std::string view = "results";  // the tab shown first: results, throughput, sweep, mixed
  double live_fps = 20;  // frames per second while a crawl runs
  std::string shader_dir;        // load the shaders from here (development); empty: built in
  std::size_t bench_spans = 0;   // benchmark mode: this many synthetic spans
  std::size_t bench_frames = 300;
  native::tls_trust trust;  // --cacert, --insecure: whose certificates https crawls accept
  native::native_client client = native::native_client::curl;  // --transport: the run panel's first HTTP client
};

// The process exit code: 0 fine, 2 an unreadable --cacert, 1 a crawl (or a CPU + I/O mode) failed (or the screenshot could not be written), 3 the
// window or the shaders could not be set up (the GL log is printed).
[[nodiscard]] int gui_command(const gui_options& options);

}  // namespace crawlbench::gui
