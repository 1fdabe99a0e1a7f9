#include "screenshot.hpp"

#include <stb_image_write.h>

#include <cstring>
#include <vector>

#include "crawlbench/atomic_file.hpp"
#include "crawlbench/ui/gl.hpp"

namespace crawlbench::gui {

namespace {
void append(void* context, void* data, int size) {
  static_cast<std::string*>(context)->append(static_cast<const char*>(data), static_cast<std::size_t>(size));
}
}  // namespace

expected<void> write_screenshot(const std::string& path, int width, int height) {
  if (width <= 0 || height <= 0) return unexpected_error("the window has no pixels");
  const auto row = static_cast<std::size_t>(width) * 4;
  std::vector<unsigned char> pixels(row * static_cast<std::size_t>(height));
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  if (const GLenum error = glGetError(); error != GL_NO_ERROR) {
    return unexpected_error("glReadPixels failed (GL error " + std::to_string(error) + ")");
  }
  // GL's first row is the bottom one; PNG's is the top one. The window is opaque.
  std::vector<unsigned char> flipped(pixels.size());
  for (int y = 0; y < height; ++y) {
    std::memcpy(flipped.data() + static_cast<std::size_t>(y) * row,
                pixels.data() + static_cast<std::size_t>(height - 1 - y) * row, row);
  }
  for (std::size_t i = 3; i < flipped.size(); i += 4) flipped[i] = 255;
  std::string png;
  if (!stbi_write_png_to_func(append, &png, width, height, 4, flipped.data(), static_cast<int>(row))) {
    return unexpected_error("could not encode the PNG");
  }
  return write_file_atomically(path, png);
}

}  // namespace crawlbench::gui
