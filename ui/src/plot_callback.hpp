#pragma once
// What a call graph's GL draw needs when ImGui's renderer reaches its draw callback.

#include <imgui.h>

#include <cmath>

#include "crawlbench/ui/app.hpp"
#include "crawlbench/ui/span_renderer.hpp"
#include "run_view.hpp"

namespace crawlbench::ui {

struct app::plot_callback {
  span_renderer* renderer = nullptr;
  run_view* run = nullptr;
  span_view view;
  float x = 0, y = 0, width = 0, height = 0;  // the plot in window points, origin top left

  static void draw(const ImDrawList*, const ImDrawCmd* cmd) {
    auto& self = *static_cast<plot_callback*>(cmd->UserCallbackData);
    const ImGuiIO& io = ImGui::GetIO();
    const ImVec2 scale = io.DisplayFramebufferScale;
    span_view v = self.view;
    v.x = static_cast<int>(std::lround(self.x * scale.x));
    v.width = static_cast<int>(std::lround(self.width * scale.x));
    v.height = static_cast<int>(std::lround(self.height * scale.y));
    v.y = static_cast<int>(std::lround((io.DisplaySize.y - self.y - self.height) * scale.y));
    self.renderer->draw(*self.run->gpu, v);
  }
};

}  // namespace crawlbench::ui
