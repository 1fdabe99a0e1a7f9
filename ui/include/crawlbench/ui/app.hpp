#pragma once
// The crawlbench window, the same natively and in the browser: the run panel, a live call graph
// per run, throughput and in-flight charts, the sweep chart and the results table. Platform code
// owns the window, the GL context and the main loop; it calls frame() between ImGui::NewFrame()
// and ImGui::Render().

#include <array>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crawlbench/crawl_plan.hpp"
#include "crawlbench/result.hpp"
#include "crawlbench/result_table.hpp"
#include "crawlbench/share_link.hpp"
#include "crawlbench/target.hpp"
#include "crawlbench/ui/crawl_feed.hpp"
#include "crawlbench/ui/crawl_runner.hpp"
#include "crawlbench/ui/mixed_request.hpp"
#include "crawlbench/ui/server_field.hpp"
#include "crawlbench/ui/span_renderer.hpp"

namespace crawlbench::ui {

struct run_view;
class mixed_panel;

struct app_options {
  server_target server;  // the run panel's first choice: embedded (the runner's own server) or a URL
  crawl_plan plan;
  bool run_at_start = false;
  std::string save_folder = ".";  // where Save writes by default
  std::string view = "results";   // the tab shown first: results, throughput, sweep, or mixed (CPU + I/O)
  std::optional<mixed_request> mixed_at_start;  // the CPU + I/O workload to run at once (and show)
  std::string share_base = "http://127.0.0.1:8082/";  // where share links point (the web UI)
  // "Open in browser" for the share link (natively); success, or an error saying what went wrong.
  // None: no button.
  std::function<expected<void>(const std::string& url)> open_in_browser;
  // The URL list's "Load a file..." (the web: the browser's file picker, whose file arrives through
  // app::load_url_list). None: a path field and Load, which reads the file here (natively).
  std::function<void()> pick_list_file;
  // "Open a result file..." (the web: the browser's file picker, whose file arrives through
  // app::open_result_file). None: no button (natively: `crawlbench gui --open FILE`).
  std::function<void()> pick_result_file;
};

// Where a call graph's plot area is in the window (pixels, origin top left): tests look there.
struct plot_area {
  std::string title;
  float x = 0, y = 0, width = 0, height = 0;
};

// Where a CPU + I/O mode's timeline is in the window: the CPU bars along the top `cpu_lane`
// pixels, the POST lines below them.
struct timeline_area {
  std::string mode;
  float x = 0, y = 0, width = 0, height = 0;
  float cpu_lane = 0;
};

class app {
 public:
  app(crawl_runner& runner, span_renderer& renderer, app_options options);
  ~app();
  app(const app&) = delete;
  app& operator=(const app&) = delete;

  // --- The UI. Builds this frame's window contents.
  void frame();
  // A line for the run panel's status (the platform's news, e.g. the browser did not open).
  void show_status(std::string text) { status_ = std::move(text); }

  // --- The automation API: scripts, `crawlbench gui --run/--open/--mixed`, the web page's
  // window.crawlbench. Each acts as the matching button does.

  // Starts crawling `plan` as if typed into the run panel and Run pressed. Success, or an error
  // saying what is wrong with it.
  expected<void> run(const crawl_plan& plan);
  // Shows the results a share link carries (the run panel takes its configuration, and its Run
  // button becomes "Run again"). A bad link leaves what was shown and says why in the panel, and
  // is returned as that error.
  expected<void> open_link(std::string_view link);
  // Shows a result file's results as a share link's (`crawlbench run --out`, `merge --out`, Save
  // JSON: a document with its plan), from its text or why it could not be read (`name`: the file's
  // name, in messages). A file without a plan, or not a result file, is refused as a bad link is.
  expected<void> open_result_file(const expected<std::string>& text, const std::string& name);
  // Chooses the run panel's delay server: `target`, or with none the default: the embedded server
  // (on the web: this page's, when it answers /origins), else the simulator.
  void choose_server(const std::optional<server_target>& target);
  // A URL list file's text, or why it could not be read, as the file picker gave it (`name`: the
  // file's name, which names its lines in errors): the run panel's URL list shows it, or the error.
  void load_url_list(const expected<std::string>& text, const std::string& name);
  // Crawls again with the run panel's configuration (after open_link: the link's), as Run does.
  // Success, or an error saying what is wrong with it.
  expected<void> run_again();
  // The share link of the results on screen (empty when there are none); also what Share copies.
  [[nodiscard]] std::string share_link() const;
  // The CPU + I/O view: starts a workload as Run there does (success, or an error saying what is wrong).
  expected<void> run_mixed(const mixed_request& request);

  // What the automation waits for and reads. A crawl was started and has ended (every run done,
  // or it could not start).
  [[nodiscard]] bool crawl_ended() const noexcept { return ended_; }
  // Why the crawl ended early or could not start (the worker's refusal, say); empty when it ran.
  [[nodiscard]] const std::string& crawl_error() const noexcept { return crawl_error_; }
  // The run panel's FAILED lines, as shown: one per failure kind per run, in the runner's words
  // (crawl_runner::failure_words: "blocked (CORS, or unreachable)" in the page).
  [[nodiscard]] std::vector<std::string> failures() const;
  // Every request of every run succeeded (false before a crawl ended).
  [[nodiscard]] bool crawl_succeeded() const;
  // The runs that ended, with the crawl thread's CPU per request, as the CLI's table shows them.
  [[nodiscard]] std::vector<table_row> results() const;
  // The CPU + I/O workload has ended; every mode ran with every POST answered and echoed.
  [[nodiscard]] bool mixed_ended() const;
  [[nodiscard]] bool mixed_succeeded() const;
  [[nodiscard]] std::string mixed_table() const;  // the CPU + I/O results as text
  [[nodiscard]] std::string mixed_json() const;   // and as `crawlbench mixed --json` prints them
  // Where the last frame drew each call graph and each CPU + I/O timeline (tests look there).
  [[nodiscard]] const std::vector<plot_area>& call_graph_areas() const noexcept { return areas_; }
  [[nodiscard]] const std::vector<timeline_area>& timeline_areas() const;

  // --- The screenshot handshake: Save PNG asks the platform, which alone can read the frame it
  // drew, for a picture; the platform takes the request after drawing and says how it went.
  class screenshot_handshake {
   public:
    // The path asked for, taken once.
    [[nodiscard]] std::optional<std::string> take_request();
    // How writing it went, shown in the run panel.
    void written(const std::string& path, const expected<void>& outcome);

   private:
    friend class app;
    explicit screenshot_handshake(app& owner) noexcept : app_(owner) {}
    app& app_;
  };
  [[nodiscard]] screenshot_handshake screenshot() noexcept { return screenshot_handshake{*this}; }

  // --- Benchmark hooks (`crawlbench gui --bench-spans`).
  class benchmark_hooks {
   public:
    // Shows synthetic finished runs without crawling.
    void show_synthetic(std::size_t runs, std::size_t spans_each);
    // Makes every call graph take all its requests again and redraw, as a live crawl would (the
    // benchmark's worst case).
    void invalidate_call_graphs();

   private:
    friend class app;
    explicit benchmark_hooks(app& owner) noexcept : app_(owner) {}
    app& app_;
  };
  [[nodiscard]] benchmark_hooks benchmark() noexcept { return benchmark_hooks{*this}; }

 private:
  struct plot_callback;

  void show_plan(const crawl_plan& plan);  // the run panel's fields from a plan
  // open_link's and open_result_file's: the results and their configuration shown (`from`: "a
  // share link", the file's name), or refused while a crawl runs.
  expected<void> show_opened(shared_results&& opened, const std::string& from);
  expected<void> refuse_opening(std::string why);  // what was shown stays; the panel says why
  [[nodiscard]] shared_results on_screen() const;  // the plan, server and runs shown: shared or saved
  void show_workload(bool mixed);          // selects the Crawl or the CPU + I/O tab
  void clear_runs();
  run_view& add_run(const crawl_config& config);  // with its GPU buffer and draw callback
  void start();
  // The plan the run panel's fields make for `target` (a URL list's N is its size), or what is
  // wrong with them; `note` gets what was changed for the user to read (rate left out of a list).
  [[nodiscard]] expected<crawl_plan> panel_plan(const server_target& target, std::string& note) const;
  void drain_feed();
  void run_panel();  // the left column: server_fields ... save_and_share, top to bottom
  void server_fields();
  void simulation_fields();  // the simulator's knobs
  void client_field();       // the HTTP client, where the runner offers more than one
  // `transport` (a result's, or the runner's chosen client) as titles name it: a client the runner
  // offers other than its default; empty for the default, the simulator or a runner without a choice.
  [[nodiscard]] std::string client_named(std::string_view transport) const;
  void url_list_fields();    // the URL list: its text box, Load, and what it holds
  void url_list_state();     // the list's count, its first bad line, or why it is empty
  [[nodiscard]] bool list_chosen() const noexcept { return server_.chosen == server_field::kind::url_list; }
  // The embedded server chosen where there is none (a static host): the simulator instead, said why.
  void fall_back_to_simulator();
  void strategy_fields();
  void plan_fields();
  void run_buttons(bool busy);
  void run_status() const;
  void save_and_share(bool save_disabled);  // JSON, CSV, PNG, share link; save_disabled: busy or no results
  void open_share_link_in_browser();
  void open_file_button(bool busy);  // "Open a result file...", where the platform has a picker
  void call_graphs(float height);
  void call_graph(run_view& run, plot_callback& cb, double time_max, float width, float height);
  const std::string& hovered_url(const run_view& run, std::size_t index);  // regenerated once per request
  void crawl_views();  // the Crawl tab: call graphs above, results / charts / sweep below
  void charts();
  void sweep_chart();
  void results_table();
  void save_results(bool csv);
  [[nodiscard]] bool sweeping() const noexcept;

  crawl_runner& runner_;
  span_renderer& renderer_;
  app_options options_;
  std::unique_ptr<mixed_panel> mixed_;
  bool mixed_shown_ = false;  // the CPU + I/O tab is the one open: the run panel shows its controls
  int reselect_frames_ = 0;   // frames left to select the tab mixed_shown_ names (after a run starts)

  // The run panel's fields, as typed.
  server_field server_;
  std::array<bool, all_strategies.size()> chosen_{};
  std::string concurrency_text_;
  std::string plan_error_;
  std::string list_error_;  // why the URL list's file could not be loaded
  std::string save_path_;

  crawl_plan shown_plan_;  // the plan of the runs shown (the panel's fields may have changed since)
  crawl_feed::batch batch_;  // what the feed last handed over (kept: its vectors are reused)
  std::vector<std::unique_ptr<run_view>> runs_;
  std::vector<std::unique_ptr<plot_callback>> callbacks_;
  std::vector<plot_area> areas_;
  std::string server_label_;
  std::string crawl_error_;
  std::string status_;
  bool started_ = false;
  bool ended_ = false;
  bool opened_ = false;  // the runs shown came from a share link or a result file
  bool shared_time_axis_ = true;
  std::optional<std::string> screenshot_request_;
  bool select_view_ = true;  // show options_.view until the user picks a tab
  // The hovered request's URL, regenerated from the seed once per request hovered.
  const run_view* hover_run_ = nullptr;
  std::size_t hover_index_ = 0;
  std::string hover_url_;
  // Zoom and pan of the call graphs' time axis: fractions of the full range shown.
  double zoom_from_ = 0, zoom_to_ = 1;
};

}  // namespace crawlbench::ui
