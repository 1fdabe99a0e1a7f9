#include "mixed_panel.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "crawlbench/book_figures.hpp"
#include "crawlbench/mixed_json.hpp"
#include "crawlbench/portable_cpu.hpp"
#include "plot_axes.hpp"
#include "plot_style.hpp"

namespace crawlbench::ui {

namespace {
constexpr ImU32 cpu_colour = IM_COL32(230, 159, 0, 255);     // Okabe-Ito orange
constexpr ImU32 cpu_colour_alt = IM_COL32(160, 100, 0, 255);  // every other item, so each hash shows
constexpr ImU32 io_ok = IM_COL32(0, 114, 178, 255);           // Okabe-Ito blue, as in the call graphs
constexpr ImU32 io_failed = IM_COL32(213, 94, 0, 255);        // Okabe-Ito vermillion
constexpr ImU32 now_line = IM_COL32(200, 200, 200, 160);
constexpr float cpu_lane_height = 14;
constexpr int min_cost = 4, max_cost = 16;  // a hash of cost 16 takes about 4 s
}  // namespace

double mixed_panel::mode_view::now_s(std::chrono::steady_clock::time_point now) const {
  if (result) return result->seconds;
  if (!running) return 0;
  return std::chrono::duration<double>(now - started_at).count();
}

mixed_panel::mixed_panel(crawl_runner& runner) : runner_(runner) {
  request_.base.items = 600;
  request_.cost = 8;
  for (const auto m : {mixed_mode::noio, mixed_mode::batched, mixed_mode::async, mixed_mode::threaded}) {
    chosen_[static_cast<std::size_t>(m)] = true;
  }
}

expected<void> mixed_panel::run(const mixed_request& request, const server_field& server) {
  if (runner_.busy()) return unexpected_error("a run is in progress");
  error_.clear();
  mixed_request r = request;
  const auto target = server.target();
  if (target) r.base.server = *target;
  if (r.modes.empty()) error_ = "choose at least one mode";
  else if (r.cost < min_cost || r.cost > max_cost) error_ = "cost: from " + std::to_string(min_cost) + " to " + std::to_string(max_cost);
  else if (r.base.items > 100'000) error_ = "items: at most 100000";
  else if (static_cast<double>(r.base.items) * to_seconds(bcrypt_equivalent(r.cost)) > 3600) {
    error_ = "items x cost: over an hour of CPU work a mode";
  } else if (!target) {
    error_ = target.error().message;
  } else if (target->is_simulated()) {
    error_ = "server: the CPU + I/O workload needs a real delay server (its CPU work takes real time, the simulator's "
             "virtual time none): choose " + runner_.embedded_name() + " or URL";
  } else if (auto valid = validate(r.base); !valid) {
    error_ = valid.error().message;
  }
  const auto offered = runner_.mixed_modes();
  for (const auto m : r.modes) {
    if (error_.empty() && std::find(offered.begin(), offered.end(), m) == offered.end()) {
      error_ = std::string(to_string(m)) + ": not available here";
    }
  }
  if (!error_.empty()) return unexpected_error(error_);
  runner_.mixed_news().take(batch_);  // what an earlier run left in the feed is not this run's
  batch_.clear();
  request_ = request;  // the fields show what runs
  chosen_.fill(false);
  for (const auto m : r.modes) chosen_[static_cast<std::size_t>(m)] = true;
  ran_ = r;
  views_.clear();
  for (const auto m : r.modes) views_.push_back(mode_view{m, false, false, {}, {}, {}, {}});
  collect_finished();
  started_ = true;
  ended_ = false;
  runner_.start_mixed(std::move(r));
  return {};
}

bool mixed_panel::succeeded() const {
  if (!ended_ || views_.empty()) return false;
  return std::all_of(views_.begin(), views_.end(),
                     [](const mode_view& v) { return v.failure.empty() && v.result && v.result->succeeded(); });
}

void mixed_panel::update() {
  if (!started_) return;
  runner_.mixed_news().take(batch_);
  for (const auto& s : batch_.started) {
    if (s.run >= views_.size()) continue;
    views_[s.run].running = true;
    views_[s.run].started_at = s.at;
  }
  for (const auto& e : batch_.events) {
    if (e.run < views_.size()) views_[e.run].segments.push_back(e.s);
  }
  for (auto& e : batch_.ended) {
    if (e.run >= views_.size()) continue;
    auto& view = views_[e.run];
    view.running = false;
    view.done = true;
    view.failure = std::move(e.failure);
    if (view.failure.empty()) view.result = std::move(e.result);
  }
  if (!batch_.ended.empty()) collect_finished();
  if (batch_.all_done) {
    ended_ = true;
    if (!batch_.error.empty()) error_ = std::move(batch_.error);
  }
}

void mixed_panel::controls(const server_field& server) {
  const bool busy = runner_.busy();
  ImGui::BeginDisabled(busy);
  mode_fields();
  request_fields();
  ImGui::EndDisabled();
  ImGui::Spacing();
  run_buttons(busy, server);
  ImGui::Separator();
  run_status();
}

void mixed_panel::mode_fields() {
  ImGui::TextUnformatted("Modes");
  const auto offered = runner_.mixed_modes();
  for (const auto m : all_mixed_modes) {
    const auto i = static_cast<std::size_t>(m);
    const bool here = std::find(offered.begin(), offered.end(), m) != offered.end();
    ImGui::BeginDisabled(!here);
    ImGui::Checkbox(std::string(to_string(m)).c_str(), &chosen_[i]);
    ImGui::EndDisabled();
    if (i % 3 != 2) ImGui::SameLine(static_cast<float>((i % 3 + 1) * 92));
  }
  ImGui::NewLine();
}

void mixed_panel::request_fields() {
  ImGui::PushItemWidth(130);
  constexpr ImGuiDataType size_type = sizeof(std::size_t) == 8 ? ImGuiDataType_U64 : ImGuiDataType_U32;
  const std::size_t hundred = 100;
  ImGui::InputScalar("items", size_type, &request_.base.items, &hundred);
  const int one = 1;
  ImGui::InputScalar("cost", ImGuiDataType_S32, &request_.cost, &one);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s: each step doubles the work", runner_.mixed_cpu_name(request_.cost).c_str());
  const std::int64_t ten = 10;
  ImGui::InputScalar("delay ms##mixed", ImGuiDataType_S64, &request_.base.delay_ms, &ten);
  ImGui::InputScalar("batch", size_type, &request_.base.batch);
  ImGui::InputScalar("concurrency##mixed", size_type, &request_.base.concurrency);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("async and threaded: POSTs in flight at most (the book's Semaphore(100))");
  ImGui::PopItemWidth();
  ImGui::TextWrapped("CPU work: %s", runner_.mixed_cpu_name(request_.cost).c_str());
}

void mixed_panel::run_buttons(bool busy, const server_field& server) {
  ImGui::BeginDisabled(busy);
  if (ImGui::Button("Run###mixedrun", ImVec2(90, 0))) {
    request_.modes.clear();
    for (const auto m : all_mixed_modes) {
      if (chosen_[static_cast<std::size_t>(m)]) request_.modes.push_back(m);
    }
    static_cast<void>(run(request_, server));
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(!busy);
  if (ImGui::Button("Stop###mixedstop", ImVec2(90, 0))) runner_.stop();
  ImGui::EndDisabled();
  if (!error_.empty()) ImGui::TextColored(plot_style::error_text, "%s", error_.c_str());
}

void mixed_panel::run_status() const {
  const auto now = std::chrono::steady_clock::now();
  for (const auto& v : views_) {
    if (v.running) ImGui::Text("%s: %zu segments, %.1f s", std::string(to_string(v.mode)).c_str(), v.segments.size(), v.now_s(now));
    if (!v.failure.empty()) ImGui::TextColored(plot_style::error_text, "%s: %s", std::string(to_string(v.mode)).c_str(), v.failure.c_str());
    if (v.result && !v.result->succeeded()) {
      ImGui::PushTextWrapPos();
      ImGui::TextColored(plot_style::error_text, "%s", mixed_failure_line(*v.result).c_str());
      ImGui::PopTextWrapPos();
    }
  }
  if (ended_ && !views_.empty()) ImGui::TextUnformatted(succeeded() ? "done: every POST answered and echoed" : "done");
}

void mixed_panel::collect_finished() {
  finished_ = mixed_table{ran_.cost, runner_.mixed_cpu_name(ran_.cost), {}};
  for (const auto& v : views_) {
    if (v.result) finished_.runs.push_back(*v.result);
  }
  rows_ = mixed_rows(finished_);
}

void mixed_panel::plots() {
  areas_.clear();
  if (views_.empty()) {
    ImGui::TextWrapped(
        "The chapter's last experiment: CPU work (%s) whose every result is POSTed to the delay server. Press Run: "
        "each mode is drawn here as it goes, the CPU work as orange bars along the top, each POST as a blue line "
        "from its start to its answer (y: item number). In async the answers wait for the hash in progress; in "
        "threaded the loop takes them during it.",
        runner_.mixed_cpu_name(request_.cost).c_str());
    return;
  }
  const auto now = std::chrono::steady_clock::now();
  double longest = 1e-3;
  for (const auto& v : views_) longest = std::max(longest, v.now_s(now));
  ImGui::Checkbox("one time axis", &shared_time_axis_);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Off: each mode's timeline spans its own run (serial takes N x (cpu + delay))");
  const float row = ImGui::GetTextLineHeightWithSpacing();
  const float table_height = row * static_cast<float>(views_.size() + 2) + 8;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float each = std::max(60.f, (avail.y - table_height) / static_cast<float>(views_.size()) - 4);
  for (const auto& v : views_) timeline(v, shared_time_axis_ ? longest : std::max(1e-3, v.now_s(now)), avail.x, each);
  table();
}

void mixed_panel::timeline(const mode_view& view, double time_max, float width, float height) {
  const auto name = std::string(to_string(view.mode));
  const auto now = std::chrono::steady_clock::now();
  char title[256];
  if (view.result) {
    const auto io_overhead = mixed_io_overhead_s(finished_.runs, *view.result);
    const auto book = mixed_book_seconds(ran_.cost, view.result->items, view.result->delay_ms, view.mode);
    char overhead[64] = "", book_text[64] = "";
    if (io_overhead) std::snprintf(overhead, sizeof overhead, ", I/O overhead %.0f ms", *io_overhead * 1000);
    if (book) std::snprintf(book_text, sizeof book_text, " (book %.3f s)", *book);
    std::snprintf(title, sizeof title, "%s: %.3f s%s, CPU %.3f s%s%s", name.c_str(), view.result->seconds, book_text,
                  view.result->cpu_seconds, overhead, view.result->succeeded() ? "" : ", FAILED");
  } else if (view.running) {
    std::snprintf(title, sizeof title, "%s: running, %.1f s", name.c_str(), view.now_s(now));
  } else {
    std::snprintf(title, sizeof title, "%s: %s", name.c_str(), view.failure.empty() ? "waiting" : view.failure.c_str());
  }
  ImGui::TextUnformatted(title);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float plot_h = std::max(30.f, height - ImGui::GetTextLineHeightWithSpacing());
  const ImVec2 p0(origin.x + margin_left, origin.y), p1(origin.x + std::max(margin_left + 10, width - 4), origin.y + plot_h - margin_bottom);
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  const double items = static_cast<double>(std::max<std::size_t>(ran_.base.items, 1));
  // The CPU lane on top, then the POSTs' area with its own axes (y: item number).
  const float io_top = p0.y + cpu_lane_height + 2, io_h = p1.y - io_top;
  draw.AddRectFilled(p0, ImVec2(p1.x, io_top), plot_style::background);
  axes(draw, ImVec2(p0.x, io_top), p1, 0, time_max, 0, items, true);
  areas_.push_back({name, p0.x, p0.y, p1.x - p0.x, p1.y - p0.y, cpu_lane_height});

  const float w = p1.x - p0.x;
  const auto x_of = [&](clock::time_point t) { return p0.x + static_cast<float>(to_seconds(t.time_since_epoch()) / time_max) * w; };
  const float thickness = std::clamp(io_h / static_cast<float>(items), 1.f, 3.f);
  draw.PushClipRect(p0, p1, true);
  for (const auto& s : view.segments) {
    float x0 = x_of(s.start), x1 = std::max(x_of(s.end), x0 + 1);
    if (s.what == mixed_segment::kind::cpu) {
      draw.AddRectFilled(ImVec2(x0, p0.y), ImVec2(x1, p0.y + cpu_lane_height), s.item % 2 ? cpu_colour_alt : cpu_colour);
    } else {
      // Item 0 at the bottom, as in the call graphs.
      const float y = io_top + io_h * (1.f - (static_cast<float>(s.item) + 0.5f) / static_cast<float>(items));
      draw.AddLine(ImVec2(x0, y), ImVec2(x1, y), s.ok ? io_ok : io_failed, thickness);
    }
  }
  if (view.running) {
    const float x = p0.x + static_cast<float>(view.now_s(now) / time_max) * w;
    draw.AddLine(ImVec2(x, p0.y), ImVec2(x, p1.y), now_line);
  }
  draw.PopClipRect();
  ImGui::Dummy(ImVec2(width, plot_h));
}

void mixed_panel::table() const {
  constexpr ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("mixed results", static_cast<int>(mixed_columns.size()), flags)) return;
  for (const auto name : mixed_columns) ImGui::TableSetupColumn(std::string(name).c_str());
  ImGui::TableHeadersRow();
  constexpr std::size_t failed_column = mixed_columns.size() - 1;
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    ImGui::TableNextRow();
    if (!finished_.runs[i].succeeded()) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, IM_COL32(110, 30, 20, 255));
    for (std::size_t c = 0; c < mixed_columns.size(); ++c) {
      const std::string& cell = rows_[i][c];
      ImGui::TableNextColumn();
      if (cell == "-") ImGui::TextDisabled("-");
      else if (c == failed_column && cell != "0") ImGui::TextColored(plot_style::error_text, "%s", cell.c_str());
      else ImGui::TextUnformatted(cell.c_str());
    }
  }
  ImGui::EndTable();
}

std::string mixed_panel::results_json(const std::string& server) const {
  return write_mixed_json(finished_.runs, ran_.cost, server);
}

std::string mixed_panel::table_text() const { return format_mixed_table(finished_); }

}  // namespace crawlbench::ui
