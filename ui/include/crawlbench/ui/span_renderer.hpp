#pragma once
// Draws a call graph on the GPU: every request an instanced quad (shaders/spans.*), so 100,000
// requests cost one draw call. Lives on the thread that owns the GL context.

#include <cstddef>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace crawlbench::ui {

// One request as the GPU sees it; `end_s` < 0 while it is in flight.
struct span_instance {
  float start_s = 0;
  float end_s = -1;
  float row = 0;
  float colour = 4;  // a span_colour
};

enum class span_colour : int { ok = 0, failed = 1, in_flight = 2, highlighted = 3, hidden = 4 };

// What part of the plot is shown, and where on the framebuffer.
struct span_view {
  double time_min = 0, time_max = 1;
  double row_min = 0, row_max = 1;
  int x = 0, y = 0, width = 1, height = 1;  // framebuffer pixels, origin bottom left (glViewport)
  double now_s = 0;                          // where in-flight requests end for now
};

class span_renderer {
 public:
  // Compiles and links the two shaders (full sources, version line included). On failure, the GL
  // log saying why.
  static std::variant<std::unique_ptr<span_renderer>, std::string> create(const std::string& vertex_source,
                                                                          const std::string& fragment_source);
  ~span_renderer();
  span_renderer(const span_renderer&) = delete;
  span_renderer& operator=(const span_renderer&) = delete;

  // A buffer of instances on the GPU, one per call graph; filled by upload().
  struct buffer {
    unsigned vao = 0;
    unsigned instances = 0;
    std::size_t capacity = 0;  // instances the GPU buffer holds
    std::size_t count = 0;     // instances drawn
    buffer() = default;
    ~buffer();
    buffer(const buffer&) = delete;
    buffer& operator=(const buffer&) = delete;
  };
  [[nodiscard]] std::unique_ptr<buffer> make_buffer();
  // Uploads instances [first, last) (the others are on the GPU already) and draws all of them
  // from now on. Grows the GPU buffer as needed, then uploads everything.
  void upload(buffer& into, const std::vector<span_instance>& instances, std::size_t first, std::size_t last);
  // Draws the buffer's instances into `view`'s rectangle (sets viewport and scissor; restores
  // neither: call between ImGui's draw commands, which set their own).
  void draw(const buffer& from, const span_view& view) const;

 private:
  span_renderer() = default;
  unsigned program_ = 0;
  unsigned quad_ = 0;  // the unit quad's vertices
  int u_view_ = -1, u_pixels_ = -1, u_now_ = -1, u_colours_ = -1;
};

}  // namespace crawlbench::ui
