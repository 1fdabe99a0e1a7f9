#pragma once
// The "CPU + I/O" view: the chapter's CPU work with every result POSTed to the delay server, in
// each mode, drawn live as the book's async call graph is: per mode a timeline with the CPU work
// (one bar per item, alternating shades) on top and each POST as a line from its start to its
// answer below, on one time axis; and the table of seconds, I/O overhead and the book's figure.

#include <array>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "crawlbench/mixed.hpp"
#include "crawlbench/mixed_table.hpp"
#include "crawlbench/ui/app.hpp"
#include "crawlbench/ui/crawl_runner.hpp"
#include "crawlbench/ui/mixed_feed.hpp"
#include "crawlbench/ui/mixed_request.hpp"
#include "crawlbench/ui/server_field.hpp"

namespace crawlbench::ui {

class mixed_panel {
 public:
  explicit mixed_panel(crawl_runner& runner);

  // Takes the runner's news: once a frame, whichever tab is shown.
  void update();
  // The run panel's part: cost, items, modes, Run and Stop. `server` is the run panel's delay
  // server choice.
  void controls(const server_field& server);
  // The timelines and the table, in the space left.
  void plots();

  // Starts `request` as if typed in and Run pressed; success, or an error saying what is wrong with it.
  expected<void> run(const mixed_request& request, const server_field& server);
  [[nodiscard]] bool started() const noexcept { return started_; }
  [[nodiscard]] bool ended() const noexcept { return ended_; }
  // Every mode ran and every POST was answered and echoed (false before the end).
  [[nodiscard]] bool succeeded() const;
  [[nodiscard]] const std::vector<timeline_area>& areas() const noexcept { return areas_; }
  // The table as text, as `crawlbench mixed` prints it (for --exit-after-run): mixed_table.hpp.
  [[nodiscard]] std::string table_text() const;
  // The results as `crawlbench mixed --json` prints them.
  [[nodiscard]] std::string results_json(const std::string& server) const;

 private:
  struct mode_view {
    mixed_mode mode = mixed_mode::async;
    bool running = false, done = false;
    std::chrono::steady_clock::time_point started_at;
    std::vector<mixed_segment> segments;
    std::optional<mixed_result> result;
    std::string failure;
    [[nodiscard]] double now_s(std::chrono::steady_clock::time_point now) const;
  };

  // controls(), top to bottom.
  void mode_fields();
  void request_fields();
  void run_buttons(bool busy, const server_field& server);
  void run_status() const;
  void timeline(const mode_view& view, double time_max, float width, float height);
  void table() const;
  // The finished modes' results into finished_ and their cells into rows_, as each mode ends.
  void collect_finished();

  crawl_runner& runner_;
  mixed_request request_;  // the fields, as typed
  std::array<bool, all_mixed_modes.size()> chosen_{};
  std::string error_;
  mixed_request ran_;  // what the views show
  std::vector<mode_view> views_;
  mixed_table finished_;         // the modes that ended with a result, in the views' order
  std::vector<mixed_row> rows_;  // finished_'s table cells
  mixed_feed::batch batch_;
  std::vector<timeline_area> areas_;
  bool started_ = false, ended_ = false;
  bool shared_time_axis_ = true;
};

}  // namespace crawlbench::ui
