#pragma once
// The window's pixels as a PNG (stb_image_write), written atomically.
#include <string>

#include "crawlbench/expected.hpp"

namespace crawlbench::gui {

// Reads the current GL read buffer (width x height, RGBA) and writes it to `path`. Success, or an
// error saying what went wrong.
[[nodiscard]] expected<void> write_screenshot(const std::string& path, int width, int height);

}  // namespace crawlbench::gui
