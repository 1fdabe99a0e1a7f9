#include "plot_axes.hpp"

#include <algorithm>
#include <cstdio>

#include "plot_style.hpp"

namespace crawlbench::ui {

std::string seconds_label(double s) {
  char text[32];
  std::snprintf(text, sizeof text, s >= 10 ? "%.0f s" : s >= 1 ? "%.1f s" : "%.0f ms", s >= 1 ? s : s * 1000);
  return text;
}

void axes(ImDrawList& draw, ImVec2 p0, ImVec2 p1, double x0, double x1, double y0, double y1, bool x_seconds) {
  draw.AddRectFilled(p0, p1, plot_style::background);
  const float w = p1.x - p0.x, h = p1.y - p0.y;
  for (const double t : plot_style::ticks(x0, x1, std::max(2, static_cast<int>(w / 90)))) {
    const float x = p0.x + static_cast<float>((t - x0) / (x1 - x0)) * w;
    draw.AddLine(ImVec2(x, p0.y), ImVec2(x, p1.y), plot_style::grid);
    char text[32];
    if (x_seconds) std::snprintf(text, sizeof text, "%s", seconds_label(t).c_str());
    else std::snprintf(text, sizeof text, "%g", t);
    draw.AddText(ImVec2(x - 10, p1.y + 2), plot_style::axis_text, text);
  }
  for (const double v : plot_style::ticks(y0, y1, std::max(2, static_cast<int>(h / 40)))) {
    const float y = p1.y - static_cast<float>((v - y0) / (y1 - y0)) * h;
    draw.AddLine(ImVec2(p0.x, y), ImVec2(p1.x, y), plot_style::grid);
    char text[32];
    std::snprintf(text, sizeof text, "%g", v);
    draw.AddText(ImVec2(p0.x - margin_left + 4, y - 7), plot_style::axis_text, text);
  }
}

}  // namespace crawlbench::ui
