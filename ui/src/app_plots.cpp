// The app's plots: call graphs (GPU quads under ImGui axes), throughput and in-flight charts, the
// concurrency sweep and the results table.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <string_view>

#include "crawlbench/book_figures.hpp"
#include "crawlbench/result_table.hpp"
#include "crawlbench/ui/app.hpp"
#include "crawlbench/url.hpp"
#include "connection_cells.hpp"
#include "plot_axes.hpp"
#include "plot_callback.hpp"
#include "plot_style.hpp"
#include "run_view.hpp"
#include "span_lod.hpp"

namespace crawlbench::ui {

namespace {
// A plot's area in window points: from p0 (top left) to p1, w x h.
struct plot_rect {
  ImVec2 p0, p1;
  float w = 0, h = 0;
};

// The title line: what ran, how long against the bound, and errors where nobody can miss them.
void call_graph_title(const run_view& run, std::chrono::steady_clock::time_point now) {
  ImGui::Text("%s", run.title().c_str());
  ImGui::SameLine();
  if (run.result) {
    ImGui::TextDisabled("%.3f s, bound %.3f s (%s)", run.result->seconds, run.result->lower_bound_s,
                        efficiency_cell(run.result->efficiency).c_str());
  } else if (run.state == run_state::running) {
    ImGui::TextDisabled("%zu / %zu, %.2f s", run.finished, run.config.num, run.now_s(now));
  } else {
    ImGui::TextDisabled("waiting");
  }
  if (run.failed > 0 || !run.failure.empty()) {
    ImGui::SameLine();
    ImGui::TextColored(plot_style::error_text, "%zu FAILED", run.failed);
  }
}

// The plot area in the rest of the child window, room left for the axis labels, taken by an
// invisible button so that the mouse over it zooms, pans and hovers instead of moving the window.
plot_rect take_plot_area() {
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  plot_rect area;
  area.p0 = ImVec2(origin.x + margin_left, origin.y);
  area.p1 = ImVec2(origin.x + std::max(margin_left + 10, avail.x - 4), origin.y + std::max(10.f, avail.y - margin_bottom));
  area.w = area.p1.x - area.p0.x;
  area.h = area.p1.y - area.p0.y;
  ImGui::SetCursorScreenPos(area.p0);
  ImGui::InvisibleButton("plot", ImVec2(area.w, area.h));
  return area;
}

// The wheel zooms about the mouse, a drag pans and a double-click resets the fraction [from, to]
// of the time axis shown (the same for every call graph).
void zoom_and_pan(double& from, double& to, const plot_rect& area) {
  const ImGuiIO& io = ImGui::GetIO();
  if (ImGui::IsItemHovered() && io.MouseWheel != 0) {
    const double at = from + (to - from) * (io.MousePos.x - area.p0.x) / area.w;
    const double factor = std::pow(0.85, io.MouseWheel);
    from = std::clamp(at - (at - from) * factor, 0.0, 1.0);
    to = std::clamp(at + (to - at) * factor, from + 1e-6, 1.0);
  }
  if (ImGui::IsItemActive() && io.MouseDelta.x != 0) {
    const double shift = -(to - from) * io.MouseDelta.x / area.w;
    const double width_shown = to - from;
    from = std::clamp(from + shift, 0.0, 1.0 - width_shown);
    to = from + width_shown;
  }
  if (ImGui::IsItemHovered() && ImGui::IsMouseDoubleClicked(0)) {
    from = 0;
    to = 1;
  }
}

// Hands the GPU what changed of the run's requests since the last frame. More requests than
// pixel rows, or connections opened (their connect and handshake are quads of their own): each
// pixel row's requests merged first (span_lod.hpp), all again when they change.
void upload_spans(span_renderer& renderer, run_view& run, float plot_height) {
  const auto pixel_rows = static_cast<std::size_t>(std::max(1.0f, plot_height * ImGui::GetIO().DisplayFramebufferScale.y));
  std::size_t per_line = (run.instances.size() + pixel_rows - 1) / pixel_rows;
  if (run.opened_connections > 0) per_line = std::max<std::size_t>(per_line, 1);
  const bool changed = run.dirty_first < run.dirty_last;
  if (per_line >= 2 || run.opened_connections > 0) {
    if (changed || run.lines_of != per_line) {
      merge_rows(run.instances, run.spans, per_line, run.merged);
      renderer.upload(*run.gpu, run.merged, 0, run.merged.size());
      run.lines_of = per_line;
    }
  } else if (changed || run.lines_of != 0) {
    const bool everything = run.lines_of != 0;
    renderer.upload(*run.gpu, run.instances, everything ? 0 : run.dirty_first,
                    everything ? run.instances.size() : run.dirty_last);
    run.lines_of = 0;
  }
  run.dirty_first = run.instances.size();
  run.dirty_last = 0;
}

// The lower bound ceil(N/C)·delay as a labelled line, when the view shows it: no strategy can end
// before it.
void lower_bound_line(ImDrawList& draw, double bound, const span_view& view, const plot_rect& area) {
  if (bound < view.time_min || bound > view.time_max) return;
  const float x = area.p0.x + static_cast<float>((bound - view.time_min) / (view.time_max - view.time_min)) * area.w;
  draw.AddLine(ImVec2(x, area.p0.y), ImVec2(x, area.p1.y), plot_style::lower_bound, 2);
  const char* label = "lower bound";
  const float label_w = ImGui::CalcTextSize(label).x;
  draw.AddText(ImVec2(x + 3 + label_w < area.p1.x ? x + 3 : x - 3 - label_w, area.p0.y + 2), plot_style::lower_bound,
               label);
}

// The request drawn under the mouse, within a few pixels, if any.
std::optional<std::size_t> request_under_mouse(const run_view& run, const span_view& view, const plot_rect& area) {
  const ImGuiIO& io = ImGui::GetIO();
  const double span_s = view.time_max - view.time_min, rows = view.row_max;
  const double t = view.time_min + span_s * (io.MousePos.x - area.p0.x) / area.w;
  const double row = rows * (area.p1.y - io.MousePos.y) / area.h;
  const double slack_rows = std::max(1.0, 3 * rows / area.h), slack_s = 3 * span_s / area.w;
  const auto first = static_cast<std::size_t>(std::max(0.0, row - slack_rows));
  const auto last = std::min(run.spans.size(), static_cast<std::size_t>(std::max(0.0, row + slack_rows)) + 1);
  for (std::size_t i = first; i < last; ++i) {
    const auto& inst = run.instances[i];
    const double end = inst.end_s < 0 ? view.now_s : inst.end_s;
    if (inst.colour == static_cast<float>(span_colour::hidden) || t < inst.start_s - slack_s || t > end + slack_s) continue;
    return i;
  }
  return std::nullopt;
}

// How the request got its connection, when the transport said (span.hpp).
void connection_line(const span& s) {
  const auto ms = [](clock::duration d) { return to_seconds(d) * 1000; };
  switch (s.connection) {
    case connection_use::reused: ImGui::TextUnformatted("over a kept-alive connection"); break;
    case connection_use::opened: ImGui::Text("opened a connection: connect %.2f ms", ms(s.connected - s.started)); break;
    case connection_use::opened_tls:
      ImGui::Text("opened a connection: connect %.2f ms, TLS handshake %.2f ms", ms(s.connected - s.started),
                  ms(s.tls_done - s.connected));
      break;
    case connection_use::unknown: break;
  }
}

// A colour of the call graph and what it means, on the current line.
void legend_entry(span_colour colour, const char* label, const char* meaning) {
  ImGui::SameLine();
  const auto c = rgba(colour);
  const float side = ImGui::GetTextLineHeight();
  ImGui::ColorButton(label, ImVec4(c[0], c[1], c[2], c[3]), ImGuiColorEditFlags_NoTooltip | ImGuiColorEditFlags_NoDragDrop,
                     ImVec2(side, side));
  ImGui::SameLine(0, 4);
  ImGui::TextUnformatted(label);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", meaning);
}

// The connect and TLS colours, once a run's requests opened connections: a pooled client's few
// against a fresh-connection strategy's one per request.
void connection_legend(const std::vector<std::unique_ptr<run_view>>& runs) {
  const auto any = [&](auto count) { return std::any_of(runs.begin(), runs.end(), [&](const auto& run) { return count(*run) > 0; }); };
  if (!any([](const run_view& run) { return run.opened_connections; })) return;
  legend_entry(span_colour::connecting, "connect",
               "a request that opened a connection: its start to the TCP connect. A new connection per request "
               "(serial, gevent) pays it N times; a pooled client about C times");
  if (any([](const run_view& run) { return run.tls_handshakes; })) {
    legend_entry(span_colour::tls_handshake, "TLS handshake", "after the connect, until TLS finished: once per new https connection");
  }
}

// Request I's tooltip: its URL, when it was queued, started and ended, and how it ended;
// `ended` names a failure as the runner's failure_words do.
void request_tooltip(std::size_t i, const span& s, const std::string& url, const std::string& ended) {
  ImGui::BeginTooltip();
  ImGui::Text("request %zu", i);
  ImGui::TextUnformatted(url.c_str());
  if (s.recorded) {
    ImGui::Text("start %.1f ms, end %.1f ms: %.1f ms", to_seconds(s.started) * 1000, to_seconds(s.done) * 1000,
                to_seconds(s.done - s.started) * 1000);
    if (s.queued < s.started) ImGui::Text("queued %.1f ms before", to_seconds(s.started - s.queued) * 1000);
    if (s.result == outcome::ok) ImGui::Text("status %d, %zu bytes", s.status, s.body_bytes);
    else ImGui::TextColored(plot_style::error_text, "%s, status %d", ended.c_str(), s.status);
    connection_line(s);
  } else {
    ImGui::Text("in flight since %.1f ms", to_seconds(s.started) * 1000);
  }
  ImGui::EndTooltip();
}
}  // namespace

void app::call_graphs(float height) {
  if (runs_.empty()) {
    ImGui::BeginChild("no runs", ImVec2(0, height), true);
    ImGui::TextWrapped("Press Run: each strategy crawls N URLs of the delay server, and every request is drawn here "
                       "from its start to its end (x: time, y: request number), live.");
    ImGui::EndChild();
    return;
  }
  const std::size_t n = runs_.size();
  const std::size_t columns = n == 1 ? 1 : n <= 4 ? 2 : 3;
  const std::size_t rows = (n + columns - 1) / columns;
  const auto now = std::chrono::steady_clock::now();
  double longest = 0;
  for (const auto& run : runs_) longest = std::max({longest, run->now_s(now), run->lower_bound_s()});
  ImGui::Checkbox("same time axis", &shared_time_axis_);
  ImGui::SameLine();
  ImGui::TextDisabled("(wheel: zoom, drag: pan, double-click: reset)");
  connection_legend(runs_);
  const float cell_h = (height - ImGui::GetFrameHeightWithSpacing()) / static_cast<float>(rows);
  const float cell_w = ImGui::GetContentRegionAvail().x / static_cast<float>(columns);
  for (std::size_t i = 0; i < n; ++i) {
    if (i % columns != 0) ImGui::SameLine();
    auto& run = *runs_[i];
    const double own = std::max({run.now_s(now), run.lower_bound_s(), 1e-3});
    call_graph(run, *callbacks_[i], (shared_time_axis_ ? longest : own) * 1.02, cell_w - 6, cell_h - 4);
  }
}

void app::call_graph(run_view& run, plot_callback& cb, double time_max, float width, float height) {
  ImGui::BeginChild(ImGui::GetID(&run), ImVec2(width, height), false, ImGuiWindowFlags_NoScrollbar);
  const auto now = std::chrono::steady_clock::now();
  call_graph_title(run, now);
  const plot_rect area = take_plot_area();
  zoom_and_pan(zoom_from_, zoom_to_, area);
  span_view& view = cb.view;
  view.time_min = zoom_from_ * time_max;
  view.time_max = zoom_to_ * time_max;
  view.row_min = 0;
  view.row_max = static_cast<double>(std::max<std::size_t>(run.config.num, 1));
  view.now_s = run.now_s(now);
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  axes(draw, area.p0, area.p1, view.time_min, view.time_max, 0, view.row_max, true);

  // The requests: the GPU draws them between this list's earlier and later commands.
  upload_spans(renderer_, run, area.h);
  cb.renderer = &renderer_;
  cb.run = &run;
  cb.x = area.p0.x;
  cb.y = area.p0.y;
  cb.width = area.w;
  cb.height = area.h;
  draw.AddCallback(&plot_callback::draw, &cb);
  draw.AddCallback(ImDrawCallback_ResetRenderState, nullptr);
  areas_.push_back({run.title(), area.p0.x, area.p0.y, area.w, area.h});

  lower_bound_line(draw, run.lower_bound_s(), view, area);
  if (ImGui::IsItemHovered() && !ImGui::IsItemActive()) {
    if (const auto i = request_under_mouse(run, view, area)) {
      const auto& s = run.spans[*i];
      request_tooltip(*i, s, hovered_url(run, *i), runner_.failure_words(to_string(s.result)));
    }
  }
  ImGui::EndChild();
}

const std::string& app::hovered_url(const run_view& run, std::size_t index) {
  if (hover_run_ != &run || hover_index_ != index) {
    hover_run_ = &run;
    hover_index_ = index;
    hover_url_ = request_url(run.config, index);
  }
  return hover_url_;
}

void app::charts() {
  if (runs_.empty()) return;
  const auto now = std::chrono::steady_clock::now();
  double time_max = 1e-3, rps_max = 1, in_flight_max = 1;
  for (auto& run : runs_) {
    run->refresh_series(now, std::chrono::milliseconds(250));
    time_max = std::max(time_max, run->now_s(now));
    for (const double v : run->series.throughput_rps) rps_max = std::max(rps_max, v);
    for (const double v : run->series.in_flight) in_flight_max = std::max(in_flight_max, v);
    if (run->config.delay_ms > 0) {
      rps_max = std::max(rps_max, static_cast<double>(run->config.effective_concurrency()) * 1000.0 /
                                      static_cast<double>(run->config.delay_ms));
    }
    in_flight_max = std::max(in_flight_max, static_cast<double>(run->config.effective_concurrency()));
  }
  for (std::size_t r = 0; r < runs_.size(); ++r) {  // the legend
    if (r != 0) ImGui::SameLine();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(plot_style::run_colour(r)), "%s", runs_[r]->title().c_str());
  }
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float chart_w = avail.x / 2 - 8, chart_h = std::max(60.f, avail.y - ImGui::GetTextLineHeightWithSpacing() - 4);
  for (int which = 0; which < 2; ++which) {
    if (which == 1) ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::TextUnformatted(which == 0 ? "completions per second (dashed: ideal C / delay)"
                                      : "requests in flight (dashed: C)");
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 p0(origin.x + margin_left, origin.y), p1(origin.x + chart_w, origin.y + chart_h - margin_bottom);
    ImDrawList& draw = *ImGui::GetWindowDrawList();
    const double y_max = (which == 0 ? rps_max : in_flight_max) * 1.1;
    axes(draw, p0, p1, 0, time_max, 0, y_max, true);
    for (std::size_t r = 0; r < runs_.size(); ++r) {
      const auto& run = *runs_[r];
      const auto& values = which == 0 ? run.series.throughput_rps : run.series.in_flight;
      const double elapsed = run.now_s(now);
      if (values.empty() || elapsed <= 0) continue;
      std::vector<ImVec2> points;
      points.reserve(values.size());
      for (std::size_t b = 0; b < values.size(); ++b) {
        const double t = (static_cast<double>(b) + 0.5) * elapsed / static_cast<double>(values.size());
        points.emplace_back(p0.x + static_cast<float>(t / time_max) * (p1.x - p0.x),
                            p1.y - static_cast<float>(values[b] / y_max) * (p1.y - p0.y));
      }
      draw.AddPolyline(points.data(), static_cast<int>(points.size()), plot_style::run_colour(r), 0, 2);
      const double ideal = which == 0 ? (run.config.delay_ms > 0 ? static_cast<double>(run.config.effective_concurrency()) *
                                                                        1000.0 / static_cast<double>(run.config.delay_ms)
                                                                  : 0)
                                      : static_cast<double>(run.config.effective_concurrency());
      if (ideal > 0) {
        const float y = p1.y - static_cast<float>(ideal / y_max) * (p1.y - p0.y);
        for (float x = p0.x; x < p1.x; x += 12) draw.AddLine(ImVec2(x, y), ImVec2(std::min(x + 6, p1.x), y), plot_style::ideal);
      }
    }
    ImGui::Dummy(ImVec2(chart_w, chart_h));
    ImGui::EndGroup();
  }
}

void app::sweep_chart() {
  // Seconds against concurrency, one line per strategy, with the lower bound ceil(N/C)·delay.
  std::map<std::string, std::vector<std::pair<double, double>>> lines;
  double c_max = 1, s_max = 1e-3;
  for (const auto& run : runs_) {
    c_max = std::max(c_max, static_cast<double>(run->config.concurrency));
    s_max = std::max(s_max, run->lower_bound_s());
    if (!run->result || run->config.strategy == strategy_kind::serial) continue;
    lines[std::string(to_string(run->config.strategy))].emplace_back(static_cast<double>(run->config.concurrency),
                                                                     run->result->seconds);
    s_max = std::max(s_max, run->result->seconds);
  }
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 p0(origin.x + margin_left, origin.y + 4), p1(origin.x + avail.x - 150, origin.y + avail.y - margin_bottom);
  ImDrawList& draw = *ImGui::GetWindowDrawList();
  axes(draw, p0, p1, 0, c_max, 0, s_max * 1.1, false);
  const auto point = [&](double c, double s) {
    return ImVec2(p0.x + static_cast<float>(c / c_max) * (p1.x - p0.x), p1.y - static_cast<float>(s / (s_max * 1.1)) * (p1.y - p0.y));
  };
  std::vector<ImVec2> bound;
  for (const auto c : options_.plan.concurrency) {
    crawl_config config;
    config.num = options_.plan.num;
    config.delay_ms = options_.plan.delay_ms;
    config.concurrency = c;
    bound.push_back(point(static_cast<double>(c), lower_bound_seconds(config)));
  }
  draw.AddPolyline(bound.data(), static_cast<int>(bound.size()), plot_style::lower_bound, 0, 1.5f);
  std::size_t colour = 0;
  float legend_y = p0.y;
  draw.AddText(ImVec2(p1.x + 10, legend_y), plot_style::lower_bound, "lower bound");
  for (auto& [strategy, values] : lines) {
    std::sort(values.begin(), values.end());
    std::vector<ImVec2> points;
    for (const auto& [c, s] : values) points.push_back(point(c, s));
    draw.AddPolyline(points.data(), static_cast<int>(points.size()), plot_style::run_colour(colour), 0, 2);
    for (const auto& p : points) draw.AddCircleFilled(p, 3, plot_style::run_colour(colour));
    legend_y += 16;
    draw.AddText(ImVec2(p1.x + 10, legend_y), plot_style::run_colour(colour), strategy.c_str());
    ++colour;
  }
  draw.AddText(ImVec2(p1.x - 80, p1.y - 18), plot_style::axis_text, "concurrency");
  ImGui::Dummy(avail);
}

namespace {
// The results table's header row; hovering a connection column's name says what it counts.
void results_header(bool tls) {
  for (const char* name : {"strategy", "N", "C", "seconds", "bound", "efficiency", "bytes", "errors", "p50 ms", "p99 ms",
                           "max in flight", "conns", "TLS", "CPU us/req", "book (1000 x 100 ms, C=100)"}) {
    if (!tls && std::string_view(name) == "TLS") continue;
    ImGui::TableSetupColumn(name);
  }
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
  for (int column = 0; column < ImGui::TableGetColumnCount(); ++column) {
    ImGui::TableSetColumnIndex(column);
    const char* name = ImGui::TableGetColumnName(column);
    ImGui::TableHeader(name);
    if (!ImGui::IsItemHovered()) continue;
    if (std::string_view(name) == "conns") ImGui::SetTooltip("%s", connections_meaning);
    if (std::string_view(name) == "TLS") ImGui::SetTooltip("TLS handshakes: one on each new https connection");
  }
}

// The row's connection cells; hovering them says what the run's connections cost.
void connection_cells(const strategy_result& r, bool tls) {
  const std::string summary = connection_summary(r);
  const auto cell = [&](const std::string& text) {
    ImGui::TableNextColumn();
    if (text == "-") ImGui::TextDisabled("-");
    else ImGui::TextUnformatted(text.c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", summary.empty() ? connections_meaning : summary.c_str());
  };
  cell(connections_cell(r));
  if (tls) cell(tls_cell(r));
}

// The book's figure beside a run of its configuration, else "-".
void book_cell(const strategy_result& r) {
  ImGui::TableNextColumn();
  const auto figure = book_figure_for(r.strategy);
  if (figure && r.delay_ms == 100 && r.strategy == "serial") {
    ImGui::Text("%.3f s/req", figure->book_seconds / 1000);
  } else if (figure && r.delay_ms == 100 && r.num == 1000 && r.concurrency == 100) {
    ImGui::Text("%.3f s (re-run here %.2f s)", figure->book_seconds, figure->rerun_seconds);
  } else {
    ImGui::TextDisabled("-");
  }
}
}  // namespace

void app::results_table() {
  constexpr ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                    ImGuiTableFlags_SizingFixedFit;
  const bool tls = std::any_of(runs_.begin(), runs_.end(), [](const auto& run) { return run->result && did_tls(*run->result); });
  if (!ImGui::BeginTable("results", tls ? 15 : 14, flags)) return;
  results_header(tls);
  for (const auto& run : runs_) {
    if (!run->result) continue;
    const auto& r = *run->result;
    ImGui::TableNextRow();
    if (r.errors > 0) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, IM_COL32(110, 30, 20, 255));
    ImGui::TableNextColumn();
    const std::string client = r.transport == "sim" ? std::string("simulated") : client_named(r.transport);
    ImGui::TextUnformatted(client.empty() ? r.strategy.c_str() : (r.strategy + " (" + client + ")").c_str());
    ImGui::TableNextColumn();
    ImGui::Text("%zu", r.num);
    ImGui::TableNextColumn();
    ImGui::Text("%zu", r.concurrency);
    ImGui::TableNextColumn();
    ImGui::Text("%.3f", r.seconds);
    ImGui::TableNextColumn();
    ImGui::Text("%.3f", r.lower_bound_s);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(efficiency_cell(r.efficiency).c_str());
    ImGui::TableNextColumn();
    ImGui::Text("%zu", r.result_bytes);
    ImGui::TableNextColumn();
    if (r.errors > 0) ImGui::TextColored(plot_style::error_text, "%zu", r.errors);
    else ImGui::TextUnformatted("0");
    ImGui::TableNextColumn();
    ImGui::Text("%.1f", r.latency.p50);
    ImGui::TableNextColumn();
    ImGui::Text("%.1f", r.latency.p99);
    ImGui::TableNextColumn();
    ImGui::Text("%zu", r.max_in_flight);
    connection_cells(r, tls);
    ImGui::TableNextColumn();
    if (run->client_cpu_us_per_request > 0) ImGui::Text("%.1f", run->client_cpu_us_per_request);
    else ImGui::TextDisabled("-");
    book_cell(r);
  }
  ImGui::EndTable();
}

}  // namespace crawlbench::ui
