#pragma once
// When the web page draws a frame. The browser offers one every display refresh, but with software
// WebGL a frame costs tens of milliseconds of the CPU that the crawl worker and the browser's
// network service need: on 2 cores, drawing every refresh made the browser's own plain fetch() crawl
// of 1000 x 100 ms take 3.6-4.1 s instead of 2.0-2.5 s (bench/web.sh). So: every refresh only just
// after input (hover, drag, typing must feel live), `live_fps` while a crawl runs, `idle_fps`
// otherwise, and at once when the crawl starts or ends.

namespace crawlbench::ui {

struct frame_pacing {
  double live_fps = 5;
  double idle_fps = 2;
  double input_linger_ms = 750;

  // Times in milliseconds on one clock; `busy_changed`: a crawl started or ended since the last frame.
  [[nodiscard]] bool due(double now_ms, double last_frame_ms, double last_input_ms, bool busy,
                         bool busy_changed) const {
    if (busy_changed) return true;
    if (now_ms - last_input_ms < input_linger_ms && !busy) return true;
    const double fps = busy ? live_fps : idle_fps;
    return now_ms - last_frame_ms >= 1000.0 / fps;
  }
};

}  // namespace crawlbench::ui
