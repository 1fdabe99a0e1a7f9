#include "crawlbench/ui/span_renderer.hpp"

#include <algorithm>
#include <array>

#include "crawlbench/ui/gl.hpp"

namespace crawlbench::ui {

span_renderer::buffer::~buffer() {
  glDeleteFramebuffers(1, &framebuffer);
  glDeleteTextures(1, &texture);
  glDeleteBuffers(1, &instances);
  glDeleteVertexArrays(1, &vao);
}

namespace {
std::string info_log(GLuint object, bool program) {
  GLint length = 0;
  if (program) glGetProgramiv(object, GL_INFO_LOG_LENGTH, &length);
  else glGetShaderiv(object, GL_INFO_LOG_LENGTH, &length);
  std::string log(static_cast<std::size_t>(std::max(length, 1)), '\0');
  if (program) glGetProgramInfoLog(object, length, nullptr, log.data());
  else glGetShaderInfoLog(object, length, nullptr, log.data());
  log.resize(log.find('\0') == std::string::npos ? log.size() : log.find('\0'));
  return log.empty() ? std::string("(the driver gave no log)") : log;
}

// A compiled shader, or an error naming the file, with the GL log.
expected<GLuint> compile(GLenum kind, const std::string& source, const char* name) {
  const GLuint shader = glCreateShader(kind);
  const char* text = source.c_str();
  glShaderSource(shader, 1, &text, nullptr);
  glCompileShader(shader);
  GLint ok = 0;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    auto failed = unexpected_error(std::string(name) + " does not compile:\n" + info_log(shader, false));
    glDeleteShader(shader);
    return failed;
  }
  return shader;
}

// A linked program of two shaders with a_corner at location 0 and a_span at 1, or the error.
expected<GLuint> link(const std::string& vertex_source, const std::string& fragment_source, const char* vertex_name,
                      const char* fragment_name) {
  const auto vertex = compile(GL_VERTEX_SHADER, vertex_source, vertex_name);
  if (!vertex) return vertex;
  const auto fragment = compile(GL_FRAGMENT_SHADER, fragment_source, fragment_name);
  if (!fragment) {
    glDeleteShader(*vertex);
    return fragment;
  }
  const GLuint program = glCreateProgram();
  glAttachShader(program, *vertex);
  glAttachShader(program, *fragment);
  glBindAttribLocation(program, 0, "a_corner");
  glBindAttribLocation(program, 1, "a_span");
  glLinkProgram(program);
  glDeleteShader(*vertex);
  glDeleteShader(*fragment);
  GLint ok = 0;
  glGetProgramiv(program, GL_LINK_STATUS, &ok);
  if (!ok) {
    auto failed = unexpected_error(std::string(vertex_name) + " and " + fragment_name + " do not link:\n" + info_log(program, true));
    glDeleteProgram(program);
    return failed;
  }
  return program;
}

// Okabe-Ito: distinguishable with any colour vision. Ok blue, failed vermillion, in flight
// grey, highlighted yellow, connecting bluish green, TLS handshake reddish purple.
constexpr std::array<float, 4 * span_colours_drawn> colours = {
    0.00f, 0.45f, 0.70f, 1.0f,  // ok
    0.84f, 0.37f, 0.00f, 1.0f,  // failed
    0.60f, 0.60f, 0.60f, 1.0f,  // in flight
    0.94f, 0.89f, 0.26f, 1.0f,  // highlighted
    0.00f, 0.62f, 0.45f, 1.0f,  // connecting
    0.80f, 0.47f, 0.65f, 1.0f,  // TLS handshake
};

bool same_image(const span_view& a, const span_view& b) {
  return a.time_min == b.time_min && a.time_max == b.time_max && a.row_min == b.row_min && a.row_max == b.row_max &&
         a.now_s == b.now_s && a.width == b.width && a.height == b.height;
}
}  // namespace

std::array<float, 4> rgba(span_colour colour) noexcept {
  const auto i = static_cast<std::size_t>(std::clamp(static_cast<int>(colour), 0, span_colours_drawn - 1));
  return {colours[4 * i], colours[4 * i + 1], colours[4 * i + 2], colours[4 * i + 3]};
}

expected<std::unique_ptr<span_renderer>> span_renderer::create(const span_shader_sources& sources) {
  std::unique_ptr<span_renderer> r{new span_renderer};
  const auto spans = link(sources.spans_vert, sources.spans_frag, "spans.vert", "spans.frag");
  if (!spans) return unexpected(spans.error());
  r->spans_program_ = *spans;
  const auto blit = link(sources.blit_vert, sources.blit_frag, "blit.vert", "blit.frag");
  if (!blit) return unexpected(blit.error());
  r->blit_program_ = *blit;
  r->u_view_ = glGetUniformLocation(r->spans_program_, "u_view");
  r->u_pixels_ = glGetUniformLocation(r->spans_program_, "u_pixels");
  r->u_now_ = glGetUniformLocation(r->spans_program_, "u_now");
  r->u_colours_ = glGetUniformLocation(r->spans_program_, "u_colours");
  r->u_image_ = glGetUniformLocation(r->blit_program_, "u_image");
  if (r->u_view_ < 0 || r->u_pixels_ < 0 || r->u_now_ < 0 || r->u_colours_ < 0 || r->u_image_ < 0) {
    return unexpected_error("the shaders lack a uniform (u_view, u_pixels, u_now, u_colours, u_image)");
  }
  constexpr std::array<float, 8> quad = {0, 0, 1, 0, 0, 1, 1, 1};  // a triangle strip
  glGenBuffers(1, &r->quad_);
  glBindBuffer(GL_ARRAY_BUFFER, r->quad_);
  glBufferData(GL_ARRAY_BUFFER, sizeof quad, quad.data(), GL_STATIC_DRAW);
  glGenVertexArrays(1, &r->blit_vao_);
  glBindVertexArray(r->blit_vao_);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 2 * sizeof(float), nullptr);
  glBindVertexArray(0);
  glBindBuffer(GL_ARRAY_BUFFER, 0);
  return r;
}

span_renderer::~span_renderer() {
  glDeleteVertexArrays(1, &blit_vao_);
  glDeleteBuffers(1, &quad_);
  glDeleteProgram(blit_program_);
  glDeleteProgram(spans_program_);
}

std::unique_ptr<span_renderer::buffer> span_renderer::make_buffer() {
  auto b = std::make_unique<buffer>();
  glGenVertexArrays(1, &b->vao);
  glGenBuffers(1, &b->instances);
  glBindVertexArray(b->vao);
  glBindBuffer(GL_ARRAY_BUFFER, quad_);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 2 * sizeof(float), nullptr);
  glBindBuffer(GL_ARRAY_BUFFER, b->instances);
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 4, GL_FLOAT, GL_FALSE, sizeof(span_instance), nullptr);
  glVertexAttribDivisor(1, 1);
  glBindVertexArray(0);
  glBindBuffer(GL_ARRAY_BUFFER, 0);
  return b;
}

void span_renderer::upload(buffer& into, const std::vector<span_instance>& instances, std::size_t first,
                           std::size_t last) {
  glBindBuffer(GL_ARRAY_BUFFER, into.instances);
  if (instances.size() > into.capacity) {
    into.capacity = std::max(instances.size(), into.capacity * 2);
    glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(into.capacity * sizeof(span_instance)), nullptr,
                 GL_DYNAMIC_DRAW);
    first = 0;
    last = instances.size();
  }
  last = std::min(last, instances.size());
  if (first < last) {
    glBufferSubData(GL_ARRAY_BUFFER, static_cast<GLintptr>(first * sizeof(span_instance)),
                    static_cast<GLsizeiptr>((last - first) * sizeof(span_instance)), instances.data() + first);
  }
  into.count = instances.size();
  into.image_stale = true;
  glBindBuffer(GL_ARRAY_BUFFER, 0);
}

void span_renderer::draw_instances(const buffer& from, const span_view& view, int x, int y) const {
  glViewport(x, y, view.width, view.height);
  glEnable(GL_SCISSOR_TEST);
  glScissor(x, y, view.width, view.height);
  glDisable(GL_BLEND);
  glUseProgram(spans_program_);
  glUniform4f(u_view_, static_cast<float>(view.time_min), static_cast<float>(view.time_max),
              static_cast<float>(view.row_min), static_cast<float>(view.row_max));
  glUniform2f(u_pixels_, static_cast<float>(view.width), static_cast<float>(view.height));
  glUniform1f(u_now_, static_cast<float>(view.now_s));
  glUniform4fv(u_colours_, span_colours_drawn, colours.data());
  glBindVertexArray(from.vao);
  glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, static_cast<GLsizei>(from.count));
  glBindVertexArray(0);
  glUseProgram(0);
}

void span_renderer::draw_uncached(const buffer& from, const span_view& view) const {
  if (from.count == 0 || view.width <= 0 || view.height <= 0) return;
  draw_instances(from, view, view.x, view.y);
}

void span_renderer::draw(buffer& from, const span_view& view) const {
  if (from.count == 0 || view.width <= 0 || view.height <= 0) return;
  GLint screen = 0;  // ImGui draws into whatever framebuffer is bound: come back to it
  glGetIntegerv(GL_FRAMEBUFFER_BINDING, &screen);
  if (from.image_width != view.width || from.image_height != view.height || !from.framebuffer) {
    if (!from.framebuffer) {
      glGenFramebuffers(1, &from.framebuffer);
      glGenTextures(1, &from.texture);
    }
    glBindTexture(GL_TEXTURE_2D, from.texture);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, view.width, view.height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glBindFramebuffer(GL_FRAMEBUFFER, from.framebuffer);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, from.texture, 0);
    from.image_width = view.width;
    from.image_height = view.height;
    from.image_stale = true;
  }
  if (from.image_stale || !same_image(from.image_view, view)) {
    glBindFramebuffer(GL_FRAMEBUFFER, from.framebuffer);
    glDisable(GL_SCISSOR_TEST);
    glViewport(0, 0, view.width, view.height);
    glClearColor(0, 0, 0, 0);
    glClear(GL_COLOR_BUFFER_BIT);
    draw_instances(from, view, 0, 0);
    from.image_view = view;
    from.image_stale = false;
  }
  glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(screen));
  glViewport(view.x, view.y, view.width, view.height);
  glEnable(GL_SCISSOR_TEST);
  glScissor(view.x, view.y, view.width, view.height);
  glEnable(GL_BLEND);
  glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
  glUseProgram(blit_program_);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, from.texture);
  glUniform1i(u_image_, 0);
  glBindVertexArray(blit_vao_);
  glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
  glBindVertexArray(0);
  glUseProgram(0);
}

}  // namespace crawlbench::ui
