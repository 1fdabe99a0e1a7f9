#pragma once
// Colours and axis arithmetic shared by the plots (ImGui draw lists; the call graph's quads take
// the same palette from shaders via span_renderer).

#include <imgui.h>

#include <cmath>
#include <cstddef>
#include <vector>

namespace crawlbench::ui::plot_style {

inline const ImVec4 error_text{0.95f, 0.42f, 0.30f, 1.0f};
inline constexpr ImU32 background = IM_COL32(24, 26, 30, 255);
inline constexpr ImU32 grid = IM_COL32(70, 74, 82, 255);
inline constexpr ImU32 axis_text = IM_COL32(190, 194, 200, 255);
inline constexpr ImU32 lower_bound = IM_COL32(230, 159, 0, 255);  // Okabe-Ito orange
inline constexpr ImU32 ideal = IM_COL32(240, 228, 66, 200);        // Okabe-Ito yellow

// One colour a run in the charts (Okabe-Ito, then greys).
inline ImU32 run_colour(std::size_t i) {
  constexpr ImU32 palette[] = {IM_COL32(86, 180, 233, 255), IM_COL32(0, 158, 115, 255), IM_COL32(204, 121, 167, 255),
                               IM_COL32(213, 94, 0, 255),   IM_COL32(0, 114, 178, 255), IM_COL32(230, 159, 0, 255)};
  return palette[i % (sizeof palette / sizeof palette[0])];
}

// About `count` round tick values (1, 2 or 5 times a power of ten) covering [from, to].
inline std::vector<double> ticks(double from, double to, int count) {
  std::vector<double> out;
  if (!(to > from) || count < 1) return out;
  const double raw = (to - from) / count;
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  const double step = raw / power < 1.5 ? power : raw / power < 3.5 ? 2 * power : raw / power < 7.5 ? 5 * power : 10 * power;
  for (double v = std::ceil(from / step) * step; v <= to + step * 1e-9 && out.size() < 100; v += step) out.push_back(v);
  return out;
}

}  // namespace crawlbench::ui::plot_style
