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

#include <cstdio>
#include <memory>
#include <string>

#include "automation.hpp"
#include "crawlbench/ui/app.hpp"
#include "crawlbench/ui/frame_pacing.hpp"
#include "crawlbench/ui/gl.hpp"
#include "crawlbench/ui/shader_sources.hpp"
#include "worker_runner.hpp"

namespace {
using namespace crawlbench;

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

// The URL list's "Load a file...": the browser's file picker (an <input type=file>, clicked in the
// frame after the user's click, within its activation). The chosen file's name and text, or why it
// was not read, arrive as JSON at crawlbench_list_file.
EM_JS(void, pick_list_file, (), {
  const input = document.createElement('input');
  input.type = 'file';
  input.accept = '.txt,.list,text/plain';
  input.onchange = () => {
    const file = input.files[0];
    if (!file) return;
    const deliver = (fields) => Module.callWithText('crawlbench_list_file', JSON.stringify(Object.assign({name: file.name}, fields)));
    if (file.size > 1024 * 1024 * 1024) return deliver({error: file.name + ': larger than 1 GiB'});
    file.text().then((text) => deliver({text}), (error) => deliver({error: file.name + ': cannot read it: ' + error}));
  };
  input.click();
});

void fail(const std::string& message) {
  std::fprintf(stderr, "crawlbench: %s\n", message.c_str());
  show_status(("crawlbench cannot start: " + message).c_str());
}
}  // namespace

extern "C" EMSCRIPTEN_KEEPALIVE void crawlbench_list_file(const char* text) {
  const auto file = nlohmann::json::parse(text ? text : "", nullptr, false);
  if (!page.app || !file.is_object()) return;
  const std::string name = file.value("name", std::string("the file"));
  if (file.contains("error")) return page.app->load_url_list(unexpected_error(file.value("error", std::string())), name);
  page.app->load_url_list(file.value("text", std::string()), name);
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
  options.pick_list_file = [] { pick_list_file(); };
  page.app = std::make_unique<ui::app>(*page.runner, *page.renderer, options);
  if (href.find('#') != std::string::npos) {
    if (auto opened = page.app->open_link(href); !opened) std::fprintf(stderr, "crawlbench: %s\n", opened.error().message.c_str());
  }
  watch_input();
  emscripten_set_main_loop(frame, 0, false);
  return 0;
}
