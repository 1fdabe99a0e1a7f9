#pragma once
// The window's pixels as a PNG (stb_image_write), written atomically.
#include <optional>
#include <string>

namespace crawlbench::gui {

// Reads the current GL read buffer (width x height, RGBA) and writes it to `path`. Nothing on
// success, else what went wrong.
[[nodiscard]] std::optional<std::string> write_screenshot(const std::string& path, int width, int height);

}  // namespace crawlbench::gui
