#include "gui_command.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <vector>

#include "crawlbench/result_table.hpp"
#include "crawlbench/text_file.hpp"
#include "crawlbench/ui/app.hpp"
#include "crawlbench/ui/gl.hpp"
#include "crawlbench/ui/shader_sources.hpp"
#include "browser_opener.hpp"
#include "screenshot.hpp"
#include "thread_runner.hpp"

namespace crawlbench::gui {

namespace {
void print_glfw_error(int code, const char* text) { std::cerr << "crawlbench gui: GLFW error " << code << ": " << text << "\n"; }

// The window, its GL context and ImGui on top, torn down in reverse.
class window {
 public:
  window(int width, int height, bool vsync) {
    glfwSetErrorCallback(print_glfw_error);
    if (!glfwInit()) return;
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_RESIZABLE, GLFW_TRUE);
    handle_ = glfwCreateWindow(width, height, "crawlbench", nullptr, nullptr);
    if (!handle_) return;
    glfwMakeContextCurrent(handle_);
    glfwSwapInterval(vsync ? 1 : 0);
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;  // no imgui.ini beside the user's files
    ImGui::StyleColorsDark();
    ImGui_ImplGlfw_InitForOpenGL(handle_, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");
    imgui_ = true;
  }
  ~window() {
    if (imgui_) {
      ImGui_ImplOpenGL3_Shutdown();
      ImGui_ImplGlfw_Shutdown();
      ImGui::DestroyContext();
    }
    if (handle_) glfwDestroyWindow(handle_);
    glfwTerminate();
  }
  window(const window&) = delete;
  window& operator=(const window&) = delete;

  [[nodiscard]] bool ok() const noexcept { return imgui_; }
  [[nodiscard]] GLFWwindow* handle() const noexcept { return handle_; }

 private:
  GLFWwindow* handle_ = nullptr;
  bool imgui_ = false;
};

// The renderer from the built-in shaders, or from `dir` with the same version header; on
// failure, the error with the GL log.
expected<std::unique_ptr<ui::span_renderer>> make_renderer(const std::string& dir) {
  namespace built_in = ui::shader_sources;
  if (dir.empty()) {
    return ui::span_renderer::create({built_in::spans_vert, built_in::spans_frag, built_in::blit_vert, built_in::blit_frag});
  }
  ui::span_shader_sources sources;
  for (auto [name, into] : {std::pair{"spans.vert", &sources.spans_vert}, std::pair{"spans.frag", &sources.spans_frag},
                            std::pair{"blit.vert", &sources.blit_vert}, std::pair{"blit.frag", &sources.blit_frag}}) {
    auto text = read_text_file(dir + "/" + name);
    if (!text) return unexpected(std::move(text).error());
    *into = built_in::version_header + *text;
  }
  return ui::span_renderer::create(sources);
}

// One frame, as Dear ImGui's example draws it: new frame, the app's window, render.
void render(GLFWwindow* handle, ui::app& app) {
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
  app.frame();
  ImGui::Render();
  int width = 0, height = 0;
  glfwGetFramebufferSize(handle, &width, &height);
  glViewport(0, 0, width, height);
  glDisable(GL_SCISSOR_TEST);
  glClearColor(0.08f, 0.08f, 0.09f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

// The frame just drawn (the back buffer, before the swap) as a PNG.
expected<void> screenshot(GLFWwindow* handle, const std::string& path) {
  int width = 0, height = 0;
  glfwGetFramebufferSize(handle, &width, &height);
  glReadBuffer(GL_BACK);
  return write_screenshot(path, width, height);
}

// Waits for the next frame's events. While a crawl runs, at most `live_fps` frames a second,
// whatever the display's refresh: the UI shares the cores with the crawl (and, with software GL,
// renders on them), and must not slow it. Otherwise it sleeps until input (0.25 s at most).
class frame_clock {
 public:
  explicit frame_clock(double live_fps)
      : interval_(std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(1.0 / live_fps))),
        next_(std::chrono::steady_clock::now()) {}

  void wait_for_events(bool live) {
    if (!live) {
      glfwWaitEventsTimeout(0.25);
      return;
    }
    const double left = std::chrono::duration<double>(next_ - std::chrono::steady_clock::now()).count();
    if (left > 0) glfwWaitEventsTimeout(left);
    else glfwPollEvents();
    next_ = std::chrono::steady_clock::now() + interval_;
  }

 private:
  std::chrono::steady_clock::duration interval_;
  std::chrono::steady_clock::time_point next_;
};

// "Open in browser"'s failures, for the run panel's status line.
void show_browser_news(ui::app& app, browser_opener& opener) {
  for (const auto& problem : opener.poll()) app.show_status(problem + "; the link is on the clipboard");
}

// Save PNG: the app asked for a picture of the frame just drawn.
void answer_screenshot_request(GLFWwindow* handle, ui::app& app) {
  auto handshake = app.screenshot();
  if (auto path = handshake.take_request()) handshake.written(*path, screenshot(handle, *path));
}

// --screenshot and --exit-after-run, beside the frame loop: a few frames after the crawl (or the
// CPU + I/O workload) ended, so that its final state is what gets drawn, the window is saved and,
// with --exit-after-run, the results printed and the loop ended.
class headless_driver {
 public:
  explicit headless_driver(const gui_options& o) : o_(o) {}

  // Whether frames are due at the live rate: the end's last frames are not drawn yet.
  [[nodiscard]] bool settling() const noexcept { return frames_after_end_ < frames_to_settle; }
  [[nodiscard]] int status() const noexcept { return status_; }

  // After each frame is drawn, before the swap; true: the loop ends.
  bool done_after_frame(GLFWwindow* handle, const ui::app& app) {
    const bool mixed = o_.mixed_at_start.has_value();
    const bool ended = mixed ? app.mixed_ended() : app.crawl_ended() || !o_.run_at_start;
    if (!ended || frames_after_end_ > frames_to_settle) return false;
    if (++frames_after_end_ != frames_to_settle) return false;
    if (!o_.screenshot.empty()) save_window(handle, app);
    if (!o_.exit_after_run) return false;
    if (mixed) print_mixed(app);
    else print_crawl(app);
    return true;
  }

 private:
  static constexpr int frames_to_settle = 3;

  // The PNG, then where the plots are in it (tests look there).
  void save_window(GLFWwindow* handle, const ui::app& app) {
    if (auto written = screenshot(handle, o_.screenshot); !written) {
      std::cerr << "crawlbench gui: cannot write the screenshot: " << written.error().message << "\n";
      status_ = 1;
      return;
    }
    int width = 0, height = 0;
    glfwGetFramebufferSize(handle, &width, &height);
    std::cout << "screenshot " << o_.screenshot << " " << width << "x" << height << "\n";
    for (const auto& area : app.call_graph_areas()) {
      std::cout << "call graph " << area.title << " at " << area.x << " " << area.y << " " << area.width << " "
                << area.height << "\n";
    }
    for (const auto& area : app.timeline_areas()) {
      std::cout << "timeline " << area.mode << " at " << area.x << " " << area.y << " " << area.width << " "
                << area.height << " cpu lane " << area.cpu_lane << "\n";
    }
  }

  void print_mixed(const ui::app& app) {
    std::cout << app.mixed_table();
    if (app.mixed_succeeded()) return;
    std::cerr << "crawlbench gui: the CPU + I/O workload failed (see the window's errors, or run `crawlbench mixed`)\n";
    status_ = 1;
  }

  // The crawl's table and whether it succeeded; without a crawl, the table of --open's results.
  void print_crawl(const ui::app& app) {
    if (!o_.run_at_start) {
      if (!app.results().empty()) std::cout << format_table(app.results());
      return;
    }
    std::cout << format_table(app.results());
    if (app.crawl_succeeded()) return;
    if (!app.crawl_error().empty()) std::cerr << "crawlbench gui: " << app.crawl_error() << "\n";
    std::cerr << "crawlbench gui: the crawl failed (see the window's errors, or run `crawlbench run`)\n";
    status_ = 1;
  }

  const gui_options& o_;
  int frames_after_end_ = 0;
  int status_ = 0;
};

// The window's life, as Dear ImGui's example loop: events, frame, swap; the headless driver
// looks at each frame before it is shown.
int frame_loop(GLFWwindow* handle, ui::app& app, const thread_runner& runner, browser_opener& opener,
               const gui_options& o) {
  frame_clock clock{o.live_fps};
  headless_driver driver{o};
  while (!glfwWindowShouldClose(handle)) {
    clock.wait_for_events(runner.busy() || driver.settling());
    show_browser_news(app, opener);
    render(handle, app);
    answer_screenshot_request(handle, app);
    if (driver.done_after_frame(handle, app)) break;
    glfwSwapBuffers(handle);
  }
  return driver.status();
}

// Frame times in ms of `frames` frames, after 10 to warm up.
std::vector<double> time_frames(GLFWwindow* handle, ui::app& app, std::size_t frames, bool redraw_call_graphs) {
  std::vector<double> ms;
  for (std::size_t i = 0; i < frames + 10 && !glfwWindowShouldClose(handle); ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    glfwPollEvents();
    if (redraw_call_graphs) app.benchmark().invalidate_call_graphs();
    render(handle, app);
    glfwSwapBuffers(handle);
    glFinish();
    if (i >= 10) ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  return ms;
}

void print_frames(const char* what, std::size_t spans, const std::vector<double>& ms) {
  if (ms.empty()) return;
  double sum = 0;
  for (const double v : ms) sum += v;
  const double mean = sum / static_cast<double>(ms.size());
  std::printf("%zu spans, %s, %zu frames: mean %.2f ms, p50 %.2f ms, p99 %.2f ms, max %.2f ms, %.0f fps\n", spans, what,
              ms.size(), mean, ms[ms.size() / 2], ms[ms.size() * 99 / 100], ms.back(), 1000.0 / mean);
}

// --bench-spans: one call graph of `spans` requests, `frames` frames without vsync, first as a
// user looking at a finished run sees it, then with the call graph redrawn every frame (zooming,
// panning, or a live crawl).
int benchmark(GLFWwindow* handle, ui::app& app, std::size_t spans, std::size_t frames) {
  app.benchmark().show_synthetic(1, spans);
  std::printf("renderer: %s\n", reinterpret_cast<const char*>(glGetString(GL_RENDERER)));
  print_frames("static view", spans, time_frames(handle, app, frames, false));
  print_frames("redrawn every frame", spans, time_frames(handle, app, frames, true));
  return 0;
}

// --open: the results of a result file there is at `what`, else of a share link (a URL with its
// #r= fragment, or the fragment alone), else of a file that cannot be read (which says so).
expected<void> open_at_start(ui::app& app, const std::string& what) {
  std::error_code ignored;
  const bool link = what.find('#') != std::string::npos || what.rfind("r=", 0) == 0;
  if (link && !std::filesystem::is_regular_file(what, ignored)) return app.open_link(what);
  return app.open_result_file(read_text_file(what), what);
}

// The app's options from the command's; a benchmark starts nothing.
ui::app_options app_options_for(const gui_options& o, browser_opener& opener) {
  ui::app_options options;
  options.server = o.server;
  options.plan = o.plan;
  options.run_at_start = o.run_at_start && o.bench_spans == 0;
  if (o.bench_spans == 0) options.mixed_at_start = o.mixed_at_start;
  options.view = o.view;
  options.share_base = o.share_base;
  options.open_in_browser = [&opener](const std::string& url) { return opener.open(url); };
  return options;
}
}  // namespace

int gui_command(const gui_options& o) {
  auto trusted = native::check_client_trust(o.client, o.trust, false);
  if (trusted) trusted = native::check_tls_trust(o.trust);
  if (!trusted) {
    std::cerr << "crawlbench gui: " << trusted.error().message << "\n";
    return 2;
  }
  window w{o.width, o.height, o.bench_spans == 0};
  if (!w.ok()) {
    std::cerr << "crawlbench gui: cannot open an OpenGL 3.3 window (no display? try xvfb-run -a crawlbench gui ...)\n";
    return 3;
  }
  auto made = make_renderer(o.shader_dir);
  if (!made) {
    std::cerr << "crawlbench gui: " << made.error().message << "\n";
    return 3;
  }
  const auto renderer = *std::move(made);
  thread_runner runner{o.trust, o.client};
  browser_opener opener{o.browser};
  ui::app app{runner, *renderer, app_options_for(o, opener)};
  if (!o.to_open.empty()) {
    if (auto opened = open_at_start(app, o.to_open); !opened) std::cerr << "crawlbench gui: " << opened.error().message << "\n";
  }
  if (o.bench_spans > 0) return benchmark(w.handle(), app, o.bench_spans, o.bench_frames);
  const int status = frame_loop(w.handle(), app, runner, opener, o);
  runner.stop();
  return status;
}

}  // namespace crawlbench::gui
