#pragma once
// The pictures of `crawlbench report`: each drawn by this same binary's `crawlbench gui` in a
// process of its own (started with an argv, no shell), under `xvfb-run` when there is no display.
#include <filesystem>
#include <string>
#include <vector>

#include "crawlbench/report.hpp"

namespace crawlbench::cli {

// One picture: image->file (relative to the report's folder) is drawn as `crawlbench gui --open
// LINK --view VIEW` shows it; VIEW is results, throughput or sweep.
struct picture_job {
  report_image* image;
  std::string link, view;
};

// Draws each picture in turn with `/proc/self/exe gui --width 1280 --height 800 --open LINK --view
// VIEW --screenshot FOLDER/FILE --exit-after-run`, given at most 60 s (then SIGTERM, and SIGKILL 5 s
// later, to its whole process group); under `xvfb-run -a -s '-screen 0 1280x800x24'` when DISPLAY
// is unset or empty. A picture not drawn is not fatal: image->problem says why (the gui's own
// message when it printed one, else no display, a timeout, or Ctrl-C), for the report to state.
// False when Ctrl-C (interrupt_guard) ended the drawing; the pictures not drawn then say
// "interrupted".
[[nodiscard]] bool draw_pictures(const std::vector<picture_job>& jobs, const std::filesystem::path& folder);

}  // namespace crawlbench::cli
