#pragma once
// Axes, grid and labels of the ImGui-drawn charts (call graphs, throughput, sweep, the CPU + I/O
// timelines).

#include <imgui.h>

#include <string>

namespace crawlbench::ui {

// Room left of and below a chart's plot area for the labels.
inline constexpr float margin_left = 52, margin_bottom = 18;

// "250 ms", "2.5 s", "25 s".
[[nodiscard]] std::string seconds_label(double s);

// The background, grid lines and tick labels of a chart whose plot area is [p0, p1], x from x0 to
// x1 (seconds when `x_seconds`), y from y0 to y1.
void axes(ImDrawList& draw, ImVec2 p0, ImVec2 p1, double x0, double x1, double y0, double y1, bool x_seconds);

}  // namespace crawlbench::ui
