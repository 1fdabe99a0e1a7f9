#pragma once
// Draws a call graph on the GPU: every request an instanced quad (shaders/spans.*), so 100,000
// requests cost one draw call. Lives on the thread that owns the GL context.

#include <array>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "crawlbench/expected.hpp"

namespace crawlbench::ui {

// What a quad shows: a request by how it ended, or the part of one that opened a connection
// (connecting: its start to the TCP connect; tls_handshake: from there to the end of TLS), drawn
// over the request. Hidden: not issued yet, nothing drawn.
enum class span_colour : int { ok = 0, failed = 1, in_flight = 2, highlighted = 3, connecting = 4, tls_handshake = 5, hidden = 6 };
inline constexpr int span_colours_drawn = 6;  // all but hidden: u_colours[] in shaders/spans.vert

// One request (or part of one) as the GPU sees it; `end_s` < 0 while it is in flight.
struct span_instance {
  float start_s = 0;
  float end_s = -1;
  float row = 0;
  float colour = static_cast<float>(span_colour::hidden);  // a span_colour
};

// The colour the shaders give `colour` (RGBA, 0 to 1), for legends drawn beside the call graph.
[[nodiscard]] std::array<float, 4> rgba(span_colour colour) noexcept;

// What part of the plot is shown, and where on the framebuffer.
struct span_view {
  double time_min = 0, time_max = 1;
  double row_min = 0, row_max = 1;
  int x = 0, y = 0, width = 1, height = 1;  // framebuffer pixels, origin bottom left (glViewport)
  double now_s = 0;                          // where in-flight requests end for now
};

// Full GLSL sources (version line included) of shaders/.
struct span_shader_sources {
  std::string spans_vert, spans_frag, blit_vert, blit_frag;
};

class span_renderer {
 public:
  // Compiles and links the shaders. On failure, an error naming the file, with the GL log saying why.
  static expected<std::unique_ptr<span_renderer>> create(const span_shader_sources& sources);
  ~span_renderer();
  span_renderer(const span_renderer&) = delete;
  span_renderer& operator=(const span_renderer&) = delete;

  // One call graph on the GPU: its instances, and its last image (a texture redrawn only when the
  // instances, the view or the size changed; other frames just put it on the screen).
  struct buffer {
    unsigned vao = 0;
    unsigned instances = 0;
    std::size_t capacity = 0;  // instances the GPU buffer holds
    std::size_t count = 0;     // instances drawn
    unsigned framebuffer = 0, texture = 0;
    int image_width = 0, image_height = 0;
    span_view image_view;     // what the image shows
    bool image_stale = true;
    buffer() = default;
    ~buffer();
    buffer(const buffer&) = delete;
    buffer& operator=(const buffer&) = delete;
  };
  [[nodiscard]] std::unique_ptr<buffer> make_buffer();
  // Uploads instances [first, last) (the others are on the GPU already) and draws all of them
  // from now on. Grows the GPU buffer as needed, then uploads everything.
  void upload(buffer& into, const std::vector<span_instance>& instances, std::size_t first, std::size_t last);
  // Draws the call graph into `view`'s rectangle, blended over what is there. Sets viewport,
  // scissor, blending and the framebuffer binding and restores none of them: call it from an
  // ImGui draw callback followed by ImDrawCallback_ResetRenderState.
  void draw(buffer& from, const span_view& view) const;
  // Draws the instances straight into the current framebuffer, bypassing the image (benchmarks).
  void draw_uncached(const buffer& from, const span_view& view) const;

 private:
  span_renderer() = default;
  void draw_instances(const buffer& from, const span_view& view, int x, int y) const;
  unsigned spans_program_ = 0, blit_program_ = 0;
  unsigned quad_ = 0;  // the unit quad's vertices
  unsigned blit_vao_ = 0;
  int u_view_ = -1, u_pixels_ = -1, u_now_ = -1, u_colours_ = -1, u_image_ = -1;
};

}  // namespace crawlbench::ui
