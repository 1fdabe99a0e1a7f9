#include "crawlbench/ui/span_renderer.hpp"

#include <algorithm>
#include <array>

#include "crawlbench/ui/gl.hpp"

namespace crawlbench::ui {

span_renderer::buffer::~buffer() {
  glDeleteBuffers(1, &instances);
  glDeleteVertexArrays(1, &vao);
}

namespace {
// The log of a failed compile or link, or empty.
std::string shader_log(GLuint shader) {
  GLint ok = 0, length = 0;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (ok) return {};
  glGetShaderiv(shader, GL_INFO_LOG_LENGTH, &length);
  std::string log(static_cast<std::size_t>(length > 1 ? length : 1), '\0');
  glGetShaderInfoLog(shader, length, nullptr, log.data());
  return log.empty() || log[0] == '\0' ? std::string("(the driver gave no log)") : log;
}

std::string program_log(GLuint program) {
  GLint ok = 0, length = 0;
  glGetProgramiv(program, GL_LINK_STATUS, &ok);
  if (ok) return {};
  glGetProgramiv(program, GL_INFO_LOG_LENGTH, &length);
  std::string log(static_cast<std::size_t>(length > 1 ? length : 1), '\0');
  glGetProgramInfoLog(program, length, nullptr, log.data());
  return log.empty() || log[0] == '\0' ? std::string("(the driver gave no log)") : log;
}

GLuint compile(GLenum kind, const std::string& source, std::string& error) {
  const GLuint shader = glCreateShader(kind);
  const char* text = source.c_str();
  glShaderSource(shader, 1, &text, nullptr);
  glCompileShader(shader);
  if (auto log = shader_log(shader); !log.empty()) {
    error = std::string(kind == GL_VERTEX_SHADER ? "spans.vert" : "spans.frag") + " does not compile:\n" + log;
    glDeleteShader(shader);
    return 0;
  }
  return shader;
}

// Okabe-Ito: distinguishable with any colour vision. Ok blue, failed vermillion, in flight
// grey, highlighted yellow.
constexpr std::array<float, 16> colours = {
    0.00f, 0.45f, 0.70f, 1.0f,  // ok
    0.84f, 0.37f, 0.00f, 1.0f,  // failed
    0.60f, 0.60f, 0.60f, 1.0f,  // in flight
    0.94f, 0.89f, 0.26f, 1.0f,  // highlighted
};
}  // namespace

std::variant<std::unique_ptr<span_renderer>, std::string> span_renderer::create(const std::string& vertex_source,
                                                                                const std::string& fragment_source) {
  std::string error;
  const GLuint vertex = compile(GL_VERTEX_SHADER, vertex_source, error);
  if (!vertex) return error;
  const GLuint fragment = compile(GL_FRAGMENT_SHADER, fragment_source, error);
  if (!fragment) {
    glDeleteShader(vertex);
    return error;
  }
  std::unique_ptr<span_renderer> r{new span_renderer};
  r->program_ = glCreateProgram();
  glAttachShader(r->program_, vertex);
  glAttachShader(r->program_, fragment);
  glBindAttribLocation(r->program_, 0, "a_corner");
  glBindAttribLocation(r->program_, 1, "a_span");
  glLinkProgram(r->program_);
  glDeleteShader(vertex);
  glDeleteShader(fragment);
  if (auto log = program_log(r->program_); !log.empty()) return "the span shaders do not link:\n" + log;
  r->u_view_ = glGetUniformLocation(r->program_, "u_view");
  r->u_pixels_ = glGetUniformLocation(r->program_, "u_pixels");
  r->u_now_ = glGetUniformLocation(r->program_, "u_now");
  r->u_colours_ = glGetUniformLocation(r->program_, "u_colours");
  if (r->u_view_ < 0 || r->u_pixels_ < 0 || r->u_now_ < 0 || r->u_colours_ < 0) {
    return std::string("the span shaders lack a uniform (u_view, u_pixels, u_now, u_colours)");
  }
  constexpr std::array<float, 8> quad = {0, 0, 1, 0, 0, 1, 1, 1};  // a triangle strip
  glGenBuffers(1, &r->quad_);
  glBindBuffer(GL_ARRAY_BUFFER, r->quad_);
  glBufferData(GL_ARRAY_BUFFER, sizeof quad, quad.data(), GL_STATIC_DRAW);
  glBindBuffer(GL_ARRAY_BUFFER, 0);
  return r;
}

span_renderer::~span_renderer() {
  glDeleteBuffers(1, &quad_);
  glDeleteProgram(program_);
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
  glBindBuffer(GL_ARRAY_BUFFER, 0);
}

void span_renderer::draw(const buffer& from, const span_view& view) const {
  if (from.count == 0 || view.width <= 0 || view.height <= 0) return;
  glViewport(view.x, view.y, view.width, view.height);
  glEnable(GL_SCISSOR_TEST);
  glScissor(view.x, view.y, view.width, view.height);
  glDisable(GL_BLEND);
  glUseProgram(program_);
  glUniform4f(u_view_, static_cast<float>(view.time_min), static_cast<float>(view.time_max),
              static_cast<float>(view.row_min), static_cast<float>(view.row_max));
  glUniform2f(u_pixels_, static_cast<float>(view.width), static_cast<float>(view.height));
  glUniform1f(u_now_, static_cast<float>(view.now_s));
  glUniform4fv(u_colours_, 4, colours.data());
  glBindVertexArray(from.vao);
  glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, static_cast<GLsizei>(from.count));
  glBindVertexArray(0);
  glUseProgram(0);
}

}  // namespace crawlbench::ui
