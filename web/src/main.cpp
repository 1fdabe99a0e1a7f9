// The web UI: ui::app in WebGL2 (GLFW from Emscripten's library, ImGui's GLFW and OpenGL ES 3
// backends). The browser owns the loop: a frame is a requestAnimationFrame callback. The crawl
// runs in a Web Worker (worker_main.cpp), so its completions never wait for a frame.

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "automation.hpp"
#include "crawlbench/ui/app.hpp"
#include "crawlbench/ui/frame_pacing.hpp"
#include "crawlbench/ui/gl.hpp"
#include "crawlbench/ui/shader_sources.hpp"
#include "crawlbench/url_list_file.hpp"
#include "worker_runner.hpp"

namespace {
using namespace crawlbench;

// The largest result file the page reads: read, it takes about 11 times its size of the wasm heap,
// which ends at 2 GiB (a file of 127 MiB, 2.4 million spans, grew it to 1.4 GiB in 14.5 s here); a
// larger one opens natively (crawlbench gui --open FILE).
constexpr double result_file_max_bytes = 128.0 * 1024 * 1024;

struct web_page {
  GLFWwindow* window = nullptr;
  std::unique_ptr<ui::span_renderer> renderer;
  std::unique_ptr<web::worker_runner> runner;
  std::unique_ptr<ui::app> app;
};
web_page page;

EM_JS(char*, page_origin, (), { return stringToNewUTF8(window.location.origin); });
EM_JS(char*, page_href, (), { return stringToNewUTF8(window.location.href); });
EM_JS(int, canvas_width, (), { return window.innerWidth; });
EM_JS(int, canvas_height, (), { return window.innerHeight; });

std::string take_js_string(char* text) {
  std::string out = text ? text : "";
  std::free(text);
  return out;
}

// The time of the page's last input event (pointer, wheel, key, touch, resize), in
// emscripten_get_now()'s milliseconds (performance.now()).
EM_JS(void, watch_input, (), {
  Module.lastInputMs = 0;
  const seen = () => { Module.lastInputMs = performance.now(); };
  for (const type of ['pointermove', 'pointerdown', 'pointerup', 'wheel', 'keydown', 'keyup', 'touchstart', 'resize']) {
    window.addEventListener(type, seen, {capture: true, passive: true});
  }
});
EM_JS(double, last_input_ms, (), { return Module.lastInputMs; });

void frame() {
  static double last_frame_ms = -1e9;
  static bool was_busy = false;
  const double now_ms = emscripten_get_now();
  const bool busy = page.runner->busy();
  if (!ui::frame_pacing{}.due(now_ms, last_frame_ms, last_input_ms(), busy, busy != was_busy)) return;  // the canvas keeps its picture
  last_frame_ms = now_ms;
  was_busy = busy;
  const int width = canvas_width(), height = canvas_height();
  int current_w = 0, current_h = 0;
  glfwGetWindowSize(page.window, &current_w, &current_h);
  if (width != current_w || height != current_h) glfwSetWindowSize(page.window, width, height);
  glfwPollEvents();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
  page.app->frame();
  ImGui::Render();
  int fb_w = 0, fb_h = 0;
  glfwGetFramebufferSize(page.window, &fb_w, &fb_h);
  glViewport(0, 0, fb_w, fb_h);
  glDisable(GL_SCISSOR_TEST);
  glClearColor(0.08f, 0.08f, 0.09f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  web::automation_frame(*page.app);
}

EM_JS(void, show_status, (const char* text), {
  const status = document.getElementById('status');
  if (status) status.textContent = UTF8ToString(text);
});

// Files from the user go to a C function (crawlbench_list_file, crawlbench_result_file) as one text:
// a line of JSON, {name} or {name, error} (why it was not read), then the file's text as it is (not
// inside the JSON: a large file is copied once less, and not escaped and parsed again). Files over
// `maxBytes` are not read. Module.deliverFile's promise settles once the file was handed over
// (tests wait on it). A result file also opens from index.html's <input id=open-result>, and
// when dropped on the canvas.
EM_JS(void, watch_files, (double result_max_bytes), {
  Module.deliverFile = (to, file, maxBytes) => {
    const deliver = (fields, text) => {
      Module.callWithText(to, JSON.stringify(Object.assign({name: file.name}, fields)) + '\n' + (text || String()));
      Module.lastInputMs = performance.now();  // what it changed is drawn at once, as after input
    };
    const limit = maxBytes >= 1073741824 ? maxBytes / 1073741824 + ' GiB' : maxBytes / 1048576 + ' MiB';
    if (file.size > maxBytes) return Promise.resolve(deliver({error: file.name + ': larger than ' + limit}));
    return file.text().then((text) => deliver({}, text), (error) => deliver({error: file.name + ': cannot read it: ' + error}));
  };
  const input = document.getElementById('open-result');
  input.addEventListener('change', () => {
    if (input.files[0]) Module.deliverFile('crawlbench_result_file', input.files[0], result_max_bytes);
    input.value = String();  // empty: the same file again is a change too ('' is no token to EM_JS)
  });
  const canvas = Module.canvas;
  canvas.addEventListener('dragover', (e) => e.preventDefault());
  canvas.addEventListener('drop', (e) => {
    e.preventDefault();
    const file = e.dataTransfer.files[0];
    if (file) Module.deliverFile('crawlbench_result_file', file, result_max_bytes);
  });
});

// The URL list's "Load a file...": the browser's file picker (an <input type=file>, clicked in the
// frame after the user's click, within its activation).
EM_JS(void, pick_list_file, (double max_bytes), {
  const input = document.createElement('input');
  input.type = 'file';
  input.accept = '.txt,.list,text/plain';
  input.onchange = () => { if (input.files[0]) Module.deliverFile('crawlbench_list_file', input.files[0], max_bytes); };
  input.click();
});
// "Open a result file...": index.html's picker, as above.
EM_JS(void, pick_result_file, (), { document.getElementById('open-result').click(); });

// A file as watch_files delivers it: its name, and its text or why it was not read.
struct delivered_file {
  std::string name;
  expected<std::string> text;
};
std::optional<delivered_file> delivered(const char* delivery) {
  const std::string_view all = delivery ? delivery : "";
  const auto line_end = std::min(all.find('\n'), all.size());
  const auto header = nlohmann::json::parse(all.substr(0, line_end), nullptr, false);
  if (!page.app || !header.is_object()) return std::nullopt;
  std::string name = header.value("name", std::string("the file"));
  if (header.contains("error")) return delivered_file{std::move(name), unexpected_error(header.value("error", std::string()))};
  return delivered_file{std::move(name), std::string(all.substr(std::min(line_end + 1, all.size())))};
}

void fail(const std::string& message) {
  std::fprintf(stderr, "crawlbench: %s\n", message.c_str());
  show_status(("crawlbench cannot start: " + message).c_str());
}
}  // namespace

extern "C" EMSCRIPTEN_KEEPALIVE void crawlbench_list_file(const char* delivery) {
  if (auto file = delivered(delivery)) page.app->load_url_list(file->text, file->name);
}

extern "C" EMSCRIPTEN_KEEPALIVE void crawlbench_result_file(const char* delivery) {
  auto file = delivered(delivery);
  if (!file) return;
  if (auto opened = page.app->open_result_file(file->text, file->name); !opened) {
    std::fprintf(stderr, "crawlbench: %s\n", opened.error().message.c_str());
  }
}

int main() {
  if (!glfwInit()) {
    fail("GLFW did not start");
    return 1;
  }
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  page.window = glfwCreateWindow(canvas_width(), canvas_height(), "crawlbench", nullptr, nullptr);
  if (!page.window) {
    fail("this browser gives no WebGL2 context");
    return 1;
  }
  glfwMakeContextCurrent(page.window);
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;
  ImGui::StyleColorsDark();
  ImGui_ImplGlfw_InitForOpenGL(page.window, true);
  ImGui_ImplOpenGL3_Init("#version 300 es");

  namespace built_in = ui::shader_sources;
  auto made = ui::span_renderer::create({built_in::spans_vert, built_in::spans_frag, built_in::blit_vert, built_in::blit_frag});
  if (!made) {
    fail(made.error().message);
    return 1;
  }
  page.renderer = *std::move(made);
  const std::string origin = take_js_string(page_origin());
  const std::string href = take_js_string(page_href());
  // The API is ready once the page knows whether its origin has a delay server: run() without a
  // server then crawls it, or simulates.
  page.runner = std::make_unique<web::worker_runner>(origin, [] { web::automation_ready(*page.app, *page.runner); });
  ui::app_options options;
  options.share_base = href.substr(0, href.find('#'));  // links open this page, wherever it is published
  options.plan.serial_num = 20;  // serial at 20 x 100 ms: 2 s, the rest in about 1 s each
  options.pick_list_file = [] { pick_list_file(static_cast<double>(max_url_file_bytes)); };
  options.pick_result_file = [] { pick_result_file(); };
  page.app = std::make_unique<ui::app>(*page.runner, *page.renderer, options);
  if (href.find('#') != std::string::npos) {
    if (auto opened = page.app->open_link(href); !opened) std::fprintf(stderr, "crawlbench: %s\n", opened.error().message.c_str());
  }
  watch_input();
  watch_files(result_file_max_bytes);
  emscripten_set_main_loop(frame, 0, false);
  return 0;
}
