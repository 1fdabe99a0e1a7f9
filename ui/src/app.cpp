#include "crawlbench/ui/app.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string_view>

#include "crawlbench/atomic_file.hpp"
#include "crawlbench/result_document.hpp"
#include "crawlbench/result_table.hpp"
#include "crawlbench/share_link.hpp"
#include "connection_cells.hpp"
#include "mixed_panel.hpp"
#include "plot_callback.hpp"
#include "plot_style.hpp"
#include "run_view.hpp"

namespace crawlbench::ui {

namespace {
// ImGui's type for a size_t field: 64 bits natively, 32 in WebAssembly.
constexpr ImGuiDataType size_type = sizeof(std::size_t) == 8 ? ImGuiDataType_U64 : ImGuiDataType_U32;

// A segment's file, after its name: ", segment 1/4" (`run --segment 1/4`); else nothing.
std::string segment_words(const result_document& doc) {
  if (!doc.segment || doc.segment->whole()) return {};
  return ", segment " + std::to_string(doc.segment->index) + "/" + std::to_string(doc.segment->count);
}

// Merged runs (`crawlbench merge`): how many segments, and how far apart the starts of one run's
// segments were at most (the machines' clocks plus their start jitter); empty for runs of one process.
std::string merged_summary(const std::vector<std::unique_ptr<run_view>>& runs) {
  std::size_t segments = 0;
  double spread_s = 0;
  for (const auto& run : runs) {
    if (!run->result || run->result->segment_starts_s.size() < 2) continue;
    const auto& starts = run->result->segment_starts_s;
    const auto [first, last] = std::minmax_element(starts.begin(), starts.end());
    segments = std::max(segments, starts.size());
    spread_s = std::max(spread_s, *last - *first);
  }
  if (segments == 0) return {};
  char text[96];
  std::snprintf(text, sizeof text, "merged from %zu segments, clock spread %.1f ms", segments, spread_s * 1000);
  return text;
}
}  // namespace

app::app(crawl_runner& runner, span_renderer& renderer, app_options options)
    : runner_(runner), renderer_(renderer), options_(std::move(options)), mixed_(std::make_unique<mixed_panel>(runner)) {
  server_.show(options_.server);
  show_plan(options_.plan);
  save_path_ = options_.save_folder + "/crawlbench-results";
  mixed_shown_ = options_.view == "mixed";
  if (options_.mixed_at_start) {
    mixed_shown_ = true;
    if (auto started = run_mixed(*options_.mixed_at_start); !started) status_ = "CPU + I/O: " + started.error().message;
  } else if (options_.run_at_start) {
    start();
  }
}

expected<void> app::run_mixed(const mixed_request& request) {
  auto started = mixed_->run(request, server_);
  if (started) show_workload(true);
  return started;
}

void app::show_workload(bool mixed) {
  mixed_shown_ = mixed;
  reselect_frames_ = 3;  // ImGui selects a tab a frame after being told to
}
bool app::mixed_ended() const { return mixed_->started() && mixed_->ended(); }
bool app::mixed_succeeded() const { return mixed_->succeeded(); }
const std::vector<timeline_area>& app::timeline_areas() const { return mixed_->areas(); }
std::string app::mixed_table() const { return mixed_->table_text(); }
std::string app::mixed_json() const { return mixed_->results_json(runner_.server_label()); }

void app::show_plan(const crawl_plan& plan) {
  options_.plan = plan;
  chosen_.fill(false);
  for (const auto s : plan.strategies) chosen_[static_cast<std::size_t>(s)] = true;
  concurrency_text_.clear();
  for (const auto c : plan.concurrency) concurrency_text_ += (concurrency_text_.empty() ? "" : ",") + std::to_string(c);
}

void app::clear_runs() {
  runs_.clear();
  callbacks_.clear();
  hover_run_ = nullptr;
}

run_view& app::add_run(const crawl_config& config) {
  auto& view = *runs_.emplace_back(std::make_unique<run_view>(config));
  view.gpu = renderer_.make_buffer();
  callbacks_.push_back(std::make_unique<plot_callback>());
  return view;
}

expected<void> app::open_link(std::string_view link) {
  auto decoded = decode_share_link(link);
  if (!decoded) return refuse_opening("cannot open the link: " + decoded.error().message);
  return show_opened(*std::move(decoded), "a share link");
}

expected<void> app::open_result_file(const expected<std::string>& text, const std::string& name) {
  if (!text) return refuse_opening(text.error().message);
  auto doc = read_result_document(*text);
  if (!doc) return refuse_opening("cannot open " + name + ": " + doc.error().message);
  if (!doc->plan) {
    return refuse_opening("cannot open " + name + ": it records no plan (written before result files recorded one): "
                          "run it again with crawlbench run --out");
  }
  return show_opened({*std::move(doc->plan), std::move(doc->server), std::move(doc->runs)}, name + segment_words(*doc));
}

expected<void> app::refuse_opening(std::string why) {
  crawl_error_ = std::move(why);
  return unexpected_error(crawl_error_);
}

expected<void> app::show_opened(shared_results&& opened, const std::string& from) {
  if (runner_.busy()) {
    status_ = "a crawl is running: Stop it, then open " + from;
    return unexpected_error(status_);
  }
  const server_target target = opened.server;
  show_plan(opened.plan);
  shown_plan_ = opened.plan;
  server_.show(target);
  clear_runs();
  for (auto& r : opened.runs) {
    crawl_config config;
    config.strategy = parse_strategy(r.strategy).value_or(strategy_kind::aiohttp);
    config.server = target;
    config.num = r.num;
    config.delay_ms = r.delay_ms;
    config.concurrency = r.concurrency;
    config.rate_rps = r.rate_rps;
    config.seed = opened.plan.seed;
    crawl_feed::run_end end;
    end.run = runs_.size();
    end.result = std::move(r);
    add_run(config).end(std::move(end));
  }
  crawl_error_.clear();
  server_label_ = target.describe(runner_.embedded_name()) + " (from " + from + ")";
  status_ = target.is_url_list() ? "showing the results of a URL list: paste its URLs (or load its file) to run again"
                                  : "showing the results of " + from + ": Run again crawls with the same configuration";
  started_ = ended_ = opened_ = true;
  zoom_from_ = 0;
  zoom_to_ = 1;
  show_workload(false);
  return {};
}

expected<void> app::run(const crawl_plan& plan) {
  if (runner_.busy()) return unexpected_error("a crawl is running");
  show_plan(plan);
  return run_again();
}

void app::choose_server(const std::optional<server_target>& target) {
  if (target) return server_.show(*target);
  server_.chosen = server_field::kind::embedded;  // the default, or the simulator when there is none
  fall_back_to_simulator();
}

void app::load_url_list(const expected<std::string>& text, const std::string& name) {
  server_.chosen = server_field::kind::url_list;
  list_error_ = text ? std::string() : text.error().message;
  if (text) server_.list.show_file(*text, name);
}

expected<void> app::run_again() {
  if (runner_.busy()) return unexpected_error("a crawl is running");
  start();
  if (!plan_error_.empty()) return unexpected_error(plan_error_);
  return {};
}

shared_results app::on_screen() const {
  shared_results shown;
  shown.plan = shown_plan_;
  if (!runs_.empty()) shown.server = runner_.shared_as(runs_.front()->config.server);
  for (const auto& r : runs_) {
    if (r->result) shown.runs.push_back(*r->result);
  }
  return shown;
}

std::string app::share_link() const {
  const auto shown = on_screen();
  if (shown.runs.empty()) return {};
  return share_url(options_.share_base, shown);
}

app::~app() = default;

bool app::sweeping() const noexcept { return options_.plan.concurrency.size() > 1; }

bool app::crawl_succeeded() const {
  if (!ended_ || !crawl_error_.empty() || runs_.empty()) return false;
  return std::all_of(runs_.begin(), runs_.end(), [](const auto& r) { return r->result && r->result->succeeded(); });
}

std::vector<std::string> app::failures() const {
  return failure_lines(results(), [this](std::string_view kind) { return runner_.failure_words(kind); });
}

std::vector<table_row> app::results() const {
  std::vector<table_row> out;
  for (const auto& r : runs_) {
    if (r->result) out.push_back({*r->result, r->client_cpu_us_per_request});
  }
  return out;
}

std::optional<std::string> app::screenshot_handshake::take_request() {
  auto request = std::move(app_.screenshot_request_);
  app_.screenshot_request_.reset();
  return request;
}

void app::screenshot_handshake::written(const std::string& path, const expected<void>& outcome) {
  app_.status_ = outcome ? "wrote " + path : "could not write " + path + ": " + outcome.error().message;
}

expected<crawl_plan> app::panel_plan(const server_target& target, std::string& note) const {
  crawl_plan plan = options_.plan;
  plan.strategies.clear();
  for (const auto s : all_strategies) {
    if (chosen_[static_cast<std::size_t>(s)]) plan.strategies.push_back(s);
  }
  if (plan.strategies.empty()) return unexpected_error("choose at least one strategy");
  auto concurrency = parse_concurrency_list(concurrency_text_);
  if (!concurrency) return unexpected_error("concurrency: " + concurrency.error().message);
  plan.concurrency = *std::move(concurrency);
  if (const auto* list = target.url_list()) {
    plan.num = list->urls.size();
    plan.origins = 1;  // a list names its own servers
    // As `crawlbench run --urls`: rate needs a rate to send at when the floor is not known.
    auto& s = plan.strategies;
    if (!target.list_delay_ms() && plan.rate_rps <= 0 && s.size() > 1 && std::erase(s, strategy_kind::rate) != 0) {
      note = "rate left out: give a rate /s for a URL list (its requests' floor is not known)";
    }
  }
  // Every field in its range (serial N and origins too): the fields take any number typed.
  if (auto valid = validate(plan); !valid) return unexpected(std::move(valid).error());
  return plan;
}

void app::start() {
  plan_error_.clear();
  auto chosen = server_.target();
  if (!chosen) {
    plan_error_ = chosen.error().message;
    return;
  }
  const auto& target = *chosen;
  std::string note;
  auto planned = panel_plan(target, note);
  if (!planned) {
    plan_error_ = planned.error().message;
    return;
  }
  auto runs = plan_runs(*planned, target);
  for (const auto& config : runs) {
    if (auto valid = validate(config); !valid) {
      plan_error_ = valid.error().message;
      return;
    }
  }
  options_.plan = *std::move(planned);
  shown_plan_ = options_.plan;
  clear_runs();
  const std::string client = target.is_simulated() ? std::string() : client_named(runner_.http_client());
  for (const auto& config : runs) add_run(config).client = client;
  crawl_error_.clear();
  status_ = std::move(note);
  started_ = true;
  ended_ = opened_ = false;
  zoom_from_ = 0;
  zoom_to_ = 1;
  show_workload(false);
  // The simulator has no origins; a list names its own servers.
  runner_.start(std::move(runs), target.is_simulated() || target.is_url_list() ? 1 : options_.plan.origins);
  server_label_ = runner_.server_label();
}

void app::benchmark_hooks::show_synthetic(std::size_t runs, std::size_t spans_each) {
  app_.clear_runs();
  for (std::size_t r = 0; r < runs; ++r) {
    crawl_config config;
    config.strategy = all_strategies[r % all_strategies.size()];
    config.num = spans_each;
    config.concurrency = std::max<std::size_t>(1, spans_each / 10);
    run_view& view = app_.add_run(config);
    for (std::size_t i = 0; i < spans_each; ++i) {
      request_event e;
      e.index = static_cast<std::uint32_t>(i);
      e.finished = true;
      e.s.started = from_seconds(0.1 * static_cast<double>(i / config.concurrency));
      e.s.done = e.s.started + from_seconds(0.1);
      e.s.recorded = true;
      e.s.result = i % 97 == 0 ? outcome::http_error : outcome::ok;
      view.apply(e);
    }
    view.state = run_state::done;
  }
  app_.started_ = app_.ended_ = true;
}

void app::benchmark_hooks::invalidate_call_graphs() {
  for (auto& run : app_.runs_) {
    run->gpu->image_stale = true;
    run->dirty_first = 0;
    run->dirty_last = run->instances.size();
  }
}

void app::drain_feed() {
  if (!started_) return;
  runner_.crawl_news().take(batch_);
  auto& batch = batch_;
  for (const auto& s : batch.started) {
    if (s.run < runs_.size()) {
      runs_[s.run]->state = run_state::running;
      runs_[s.run]->started_at = s.at;
    }
  }
  for (const auto& e : batch.events) {
    if (e.run < runs_.size()) runs_[e.run]->apply(e);
  }
  for (auto& e : batch.ended) {
    if (e.run < runs_.size()) runs_[e.run]->end(std::move(e));
  }
  if (batch.all_done) {
    ended_ = true;
    crawl_error_ = std::move(batch.error);
    if (crawl_error_.rfind(unreachable_server, 0) == 0) {  // offer the simulator: Run again runs there
      server_.chosen = server_field::kind::simulated;
      status_ = "Run again simulates this configuration (choose URL to try that server again)";
    }
  }
}

void app::frame() {
  fall_back_to_simulator();
  drain_feed();
  mixed_->update();
  const ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(io.DisplaySize);
  constexpr ImGuiWindowFlags whole = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::Begin("crawlbench", nullptr, whole);
  ImGui::BeginChild("run panel", ImVec2(300, 0), true);
  run_panel();
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("plots", ImVec2(0, 0), false);
  areas_.clear();
  if (ImGui::BeginTabBar("workloads")) {
    const bool selecting = select_view_ || reselect_frames_ > 0;
    const auto first = [&](bool mixed) {
      return selecting && mixed_shown_ == mixed ? ImGuiTabItemFlags_SetSelected : ImGuiTabItemFlags_None;
    };
    // While a tab is being selected, the one ImGui has open must not overrule it.
    if (ImGui::BeginTabItem("Crawl", nullptr, first(false))) {
      if (!selecting) mixed_shown_ = false;
      crawl_views();
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("CPU + I/O", nullptr, first(true))) {
      if (!selecting) mixed_shown_ = true;
      mixed_->plots();
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }
  if (select_view_ && ImGui::GetFrameCount() > 2) select_view_ = false;
  if (reselect_frames_ > 0) --reselect_frames_;
  ImGui::EndChild();
  ImGui::End();
}

void app::crawl_views() {
  const float height = ImGui::GetContentRegionAvail().y;
  call_graphs(height * 0.60f);
  if (ImGui::BeginTabBar("views")) {
    const auto chosen = [&](const char* view) {
      return select_view_ && options_.view == view ? ImGuiTabItemFlags_SetSelected : ImGuiTabItemFlags_None;
    };
    if (ImGui::BeginTabItem("Results", nullptr, chosen("results"))) {
      results_table();
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Throughput and in flight", nullptr, chosen("throughput"))) {
      charts();
      ImGui::EndTabItem();
    }
    if (sweeping() && ImGui::BeginTabItem("Sweep", nullptr, chosen("sweep"))) {
      sweep_chart();
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }
}

void app::run_panel() {
  const bool busy = runner_.busy();
  ImGui::TextUnformatted("crawlbench");
  ImGui::TextDisabled("how async I/O hides latency");
  ImGui::Separator();
  ImGui::BeginDisabled(busy);
  server_fields();
  if (mixed_shown_) {
    ImGui::EndDisabled();
    mixed_->controls(server_);
    return;
  }
  strategy_fields();
  plan_fields();
  ImGui::EndDisabled();
  ImGui::Spacing();
  run_buttons(busy);
  ImGui::Separator();
  const auto rows = results();
  run_status();
  ImGui::Separator();
  save_and_share(busy || rows.empty());
  open_file_button(busy);
  if (!status_.empty()) ImGui::TextWrapped("%s", status_.c_str());
}

void app::server_fields() {
  using kind = server_field::kind;
  ImGui::TextUnformatted("Server");
  const bool embedded_here = runner_.embedded_available().value_or(false);
  ImGui::BeginDisabled(!embedded_here);
  if (ImGui::RadioButton(runner_.embedded_name().c_str(), server_.chosen == kind::embedded)) server_.chosen = kind::embedded;
  ImGui::EndDisabled();
  if (!embedded_here && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
    ImGui::SetTooltip("No delay server answers /origins here: choose simulated, or a delay server's URL");
  }
  ImGui::SameLine();
  if (ImGui::RadioButton("URL", server_.chosen == kind::url)) server_.chosen = kind::url;
  // Two lines: the web's "this page's server" leaves no room for four choices in one.
  if (ImGui::RadioButton("simulated", server_.chosen == kind::simulated)) server_.chosen = kind::simulated;
  ImGui::SameLine();
  if (ImGui::RadioButton("URL list", list_chosen())) server_.chosen = kind::url_list;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Your own URLs, any servers: request i fetches URL i, for every strategy");
  if (server_.chosen == kind::url) ImGui::InputText("##server", &server_.url);
  if (server_.chosen != kind::simulated) client_field();
  if (server_.chosen == kind::simulated) simulation_fields();
  if (list_chosen()) url_list_fields();
  ImGui::Spacing();
}

void app::url_list_fields() {
  auto& list = server_.list;
  if (ImGui::InputTextMultiline("##urls", &list.text, ImVec2(-1, 110))) {
    list.edited();
    list_error_.clear();
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Paste URLs, one a line (http:// or https://); blank lines and # comments are skipped");
  if (options_.pick_list_file) {
    if (ImGui::Button("Load a file...")) options_.pick_list_file();
  } else {
    ImGui::SetNextItemWidth(-60);
    ImGui::InputTextWithHint("##list file", "a file of URLs", &list.path);
    ImGui::SameLine();
    if (ImGui::Button("Load")) {
      const auto loaded = list.load();
      list_error_ = loaded ? std::string() : loaded.error().message;
    }
  }
  url_list_state();
}

void app::url_list_state() {
  const auto& list = server_.list;
  ImGui::PushTextWrapPos();
  if (!list_error_.empty()) ImGui::TextColored(plot_style::error_text, "%s", list_error_.c_str());
  if (list.awaiting_urls()) {
    ImGui::TextColored(plot_style::error_text, "%s", list.note.c_str());
  } else if (!list.problem.empty()) {
    ImGui::TextColored(plot_style::error_text, "%s", list.problem.c_str());
  } else {
    ImGui::TextDisabled("%zu URL%s (%s): request i fetches URL i", list.count, list.count == 1 ? "" : "s", list.source.c_str());
  }
  ImGui::TextDisabled("N is the list's size; the delay, serial N and origins do not apply (each URL's server decides).");
  if (runner_.per_origin_cap() > 0) {
    ImGui::TextDisabled("The browser fetches another origin's URL only if that server allows this page (CORS); "
                        "a blocked request fails as \"blocked (CORS, or unreachable)\".");
  }
  ImGui::PopTextWrapPos();
}

void app::client_field() {
  const auto clients = runner_.http_clients();
  if (clients.size() < 2) return;
  const std::string chosen = runner_.http_client();
  ImGui::SetNextItemWidth(130);
  if (ImGui::BeginCombo("HTTP client", chosen.c_str())) {
    for (const auto& name : clients) {
      if (ImGui::Selectable(name.c_str(), name == chosen)) runner_.choose_http_client(name);
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", runner_.http_client_words(name).c_str());
    }
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("%s\nThe same strategies on another client: what the client library itself costs",
                      runner_.http_client_words(chosen).c_str());
  }
}

std::string app::client_named(std::string_view transport) const {
  const auto clients = runner_.http_clients();
  if (clients.size() < 2 || transport == clients.front()) return {};
  return std::find(clients.begin(), clients.end(), transport) != clients.end() ? std::string(transport) : std::string();
}

void app::simulation_fields() {
  ImGui::PushItemWidth(130);
  ImGui::InputDouble("round trip ms", &server_.round_trip_ms, 1, 10, "%g");
  ImGui::InputDouble("connect ms", &server_.connect_ms, 1, 10, "%g");
  ImGui::InputDouble("jitter ms", &server_.jitter_ms, 1, 10, "%g");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Each request sleeps delay + uniform[0, jitter)");
  ImGui::InputScalar("server limit", size_type, &server_.server_limit);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("The simulated server serves at most this many at once (0: no limit)");
  ImGui::InputScalar("TLS round trips", size_type, &server_.tls_round_trips);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("A TLS handshake on each new connection: 0 plain HTTP, 1 as TLS 1.3, 2 as TLS 1.2");
  ImGui::InputDouble("TLS CPU ms", &server_.tls_cpu_ms, 0.1, 1, "%g");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("The client's CPU per handshake; its one thread does them one at a time");
  ImGui::PopItemWidth();
  ImGui::TextDisabled("virtual time: seconds of crawling in a moment");
}

void app::fall_back_to_simulator() {
  if (server_.chosen != server_field::kind::embedded || runner_.embedded_available() != false) return;
  server_.chosen = server_field::kind::simulated;
  status_ = "No delay server answers at this page's origin: Run uses the simulator (or choose URL and give a delay server's)";
}

void app::strategy_fields() {
  ImGui::TextUnformatted("Strategies");
  for (const auto s : all_strategies) {
    const auto i = static_cast<std::size_t>(s);
    ImGui::Checkbox(std::string(to_string(s)).c_str(), &chosen_[i]);
    if (i % 3 != 2) ImGui::SameLine(static_cast<float>((i % 3 + 1) * 92));
  }
  ImGui::Spacing();
}

void app::plan_fields() {
  auto& plan = options_.plan;
  ImGui::PushItemWidth(130);
  const std::size_t one = 1;
  if (list_chosen()) {  // N is the list's size; the rest does not apply (url_list_state says so)
    std::size_t listed = server_.list.awaiting_urls() ? plan.num : server_.list.count;  // a link's: its N
    ImGui::BeginDisabled();
    ImGui::InputScalar("requests (N)", size_type, &listed);
    ImGui::EndDisabled();
  } else {
    ImGui::InputScalar("requests (N)", size_type, &plan.num, &one);
    ImGui::InputScalar("serial N", size_type, &plan.serial_num);
    const std::int64_t ten = 10;
    ImGui::InputScalar("delay ms", ImGuiDataType_S64, &plan.delay_ms, &ten);
  }
  ImGui::InputText("concurrency", &concurrency_text_);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("One value, or a list for a sweep: 1,26,51,76");
  ImGui::InputDouble("rate /s", &plan.rate_rps, 0, 0, "%g");  // %g: 0.5/s must not show as 0 or 1
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("The rate strategy's requests per second (0: concurrency / delay)");
  ImGui::InputScalar("timeout ms", ImGuiDataType_S64, &plan.timeout_ms);
  // The simulator has no origins (its requests never meet the browser's connection cap); a list names its own.
  if (const std::size_t cap = runner_.per_origin_cap(); cap > 0 && server_.chosen != server_field::kind::simulated && !list_chosen()) {
    ImGui::InputScalar("origins", size_type, &plan.origins, &one);
    plan.origins = std::max<std::size_t>(plan.origins, 1);
    ImGui::TextWrapped("The browser opens %zu connections per origin: at most %zu requests in flight with %zu origin%s "
                       "(%zu offered by the server).", cap, cap * plan.origins, plan.origins, plan.origins == 1 ? "" : "s",
                       std::max<std::size_t>(runner_.origins().size(), 1));
  }
  ImGui::PopItemWidth();
}

void app::run_buttons(bool busy) {
  ImGui::BeginDisabled(busy);
  if (ImGui::Button(opened_ ? "Run again###run" : "Run###run", ImVec2(90, 0))) start();
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(!busy);
  if (ImGui::Button("Stop", ImVec2(90, 0))) runner_.stop();
  ImGui::EndDisabled();
  if (!plan_error_.empty()) ImGui::TextColored(plot_style::error_text, "%s", plan_error_.c_str());
}

void app::run_status() const {
  if (!server_label_.empty()) ImGui::TextWrapped("server: %s", server_label_.c_str());
  const auto now = std::chrono::steady_clock::now();
  for (const auto& run : runs_) {
    if (run->state == run_state::running) {
      ImGui::Text("%s: %zu of %zu done, %.2f s", run->title().c_str(), run->finished, run->config.num, run->now_s(now));
    }
  }
  if (ended_ && !runs_.empty()) ImGui::TextUnformatted(crawl_succeeded() ? "done: every request succeeded" : "done");
  ImGui::PushTextWrapPos();
  if (const std::string merged = merged_summary(runs_); !merged.empty()) ImGui::TextDisabled("%s", merged.c_str());
  for (const auto& run : runs_) {  // what connections cost, where the transport tells
    const std::string summary = run->result ? connection_summary(*run->result) : std::string();
    if (!summary.empty()) ImGui::TextDisabled("%s: %s", run->title().c_str(), summary.c_str());
  }
  if (!crawl_error_.empty()) ImGui::TextColored(plot_style::error_text, "%s", crawl_error_.c_str());
  ImGui::PopTextWrapPos();
  for (const auto& run : runs_) {
    if (!run->failure.empty()) ImGui::TextColored(plot_style::error_text, "%s: %s", run->title().c_str(), run->failure.c_str());
  }
  for (const auto& line : failures()) {
    ImGui::PushTextWrapPos();
    ImGui::TextColored(plot_style::error_text, "FAILED %s", line.c_str());
    ImGui::PopTextWrapPos();
  }
}

void app::save_and_share(bool save_disabled) {
  ImGui::TextUnformatted("Save");
  ImGui::SetNextItemWidth(-1);
  ImGui::InputText("##save", &save_path_);
  ImGui::BeginDisabled(save_disabled);
  if (ImGui::Button("JSON")) save_results(false);
  ImGui::SameLine();
  if (ImGui::Button("CSV")) save_results(true);
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("PNG")) screenshot_request_ = save_path_ + ".png";
  ImGui::BeginDisabled(save_disabled);
  if (ImGui::Button("Copy share link")) {
    const auto link = share_link();
    ImGui::SetClipboardText(link.c_str());
    status_ = "share link copied (" + std::to_string(link.size()) + " characters): open it in crawlbench's web UI";
  }
  if (options_.open_in_browser) {
    ImGui::SameLine();
    if (ImGui::Button("Open in browser")) open_share_link_in_browser();
  }
  ImGui::EndDisabled();
}

void app::open_file_button(bool busy) {
  if (!options_.pick_result_file) return;
  ImGui::BeginDisabled(busy);
  if (ImGui::Button("Open a result file...")) options_.pick_result_file();
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
    ImGui::SetTooltip("A file of crawlbench run --out or merge --out (or Save JSON): its results, and its plan to run again.\n"
                      "Dropping it on the page opens it too.");
  }
}

void app::open_share_link_in_browser() {
  const auto link = share_link();
  ImGui::SetClipboardText(link.c_str());
  const auto opened = options_.open_in_browser(link);
  status_ = !opened ? opened.error().message + "; the link is on the clipboard"
                    : "opening the share link in the browser (also on the clipboard; the web UI must be served at " +
                          options_.share_base + ")";
}

void app::save_results(bool csv) {
  const std::string path = save_path_ + (csv ? ".csv" : ".json");
  auto json = [this] {  // a result file with its plan, as `crawlbench run --out` writes: open_result_file opens it
    auto shown = on_screen();
    result_document doc;
    doc.plan = std::move(shown.plan);
    doc.server = std::move(shown.server);
    doc.runs = std::move(shown.runs);
    return write_result_document(doc, true) + "\n";
  };
  const auto saved = write_file_atomically(path, csv ? format_csv(results()) : json());
  status_ = !saved ? "could not save: " + saved.error().message : "wrote " + path;
}

}  // namespace crawlbench::ui
