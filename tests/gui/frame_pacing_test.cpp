// The web page's frame pacing (ui/frame_pacing.hpp): every refresh only just after input, a few
// frames a second while crawling or idle, and at once when a crawl starts or ends.
#include <catch2/catch.hpp>

#include "crawlbench/ui/frame_pacing.hpp"

using crawlbench::ui::frame_pacing;

TEST_CASE("frame pacing: idle pages draw a few frames a second and every refresh after input") {
  const frame_pacing pacing;
  const double never = -1e9;
  // Idle, no input: 1000 / idle_fps apart.
  CHECK_FALSE(pacing.due(1000, 1000 - 16, never, false, false));
  CHECK_FALSE(pacing.due(1000, 1000 + 1 - 1000 / pacing.idle_fps, never, false, false));
  CHECK(pacing.due(1000, 1000 - 1000 / pacing.idle_fps, never, false, false));
  // Input a moment ago: the next refresh draws.
  CHECK(pacing.due(1000, 1000 - 16, 900, false, false));
  CHECK_FALSE(pacing.due(1000, 1000 - 16, 1000 - pacing.input_linger_ms, false, false));
}

TEST_CASE("frame pacing: a crawl draws at live_fps even with input and at once when it starts or ends") {
  const frame_pacing pacing;
  const double gap = 1000 / pacing.live_fps;
  CHECK_FALSE(pacing.due(5000, 5000 - 16, 4990, true, false));
  CHECK_FALSE(pacing.due(5000, 5000 + 1 - gap, 4990, true, false));
  CHECK(pacing.due(5000, 5000 - gap, 4990, true, false));
  CHECK(pacing.due(5000, 5000 - 1, -1e9, true, true));
  CHECK(pacing.due(5000, 5000 - 1, -1e9, false, true));
  CHECK(pacing.live_fps > pacing.idle_fps);
}
