// crawlbench: crawl a delay server with the book's strategies and show what async I/O hides.
#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

#include "crawlbench/http_url.hpp"
#include "gui_command.hpp"
#include "merge_command.hpp"
#include "mixed_command.hpp"
#include "number_options.hpp"
#include "report_command.hpp"
#include "run_command.hpp"
#include "start_at.hpp"
#include "url_list_options.hpp"

using namespace crawlbench;

namespace {
// Every URL a user gives is checked where it enters (core/include/crawlbench/http_url.hpp).
// CLI11's validators return "" for a valid value, else the message.
// `what` names the value in --help ("URL", "I/K", "TIME").
template <typename Check>
CLI::Validator checked_text(Check check, const std::string& what) {
  return CLI::Validator(
      [check](std::string& text) {
        auto checked = check(text);
        return checked ? std::string() : checked.error().message;
      },
      what);
}
const CLI::Validator server_url = checked_text(check_server_url, "URL");
const CLI::Validator page_url = checked_text(parse_http_url, "URL");
// --segment and --start-at, checked where they enter; CLI11 names the option before the message.
const CLI::Validator segment_text = checked_text([](std::string_view text) { return parse_segment(text); }, "I/K");
const CLI::Validator start_at_text = checked_text(cli::parse_start_at, "TIME");

// --segment I/K and --start-at TIME: a share of the plan, begun with the other machines' shares.
void add_segment_options(CLI::App& run, cli::run_options& o) {
  run.add_option_function<std::string>(
         "--segment", [&o](const std::string& text) { o.segment = parse_segment(text).value(); },
         "Run segment I of K of the plan (0 <= I < K <= 10,000): requests I, I+K, I+2K, ... of every run, C/K "
         "of its concurrency (serial in segment 0 alone), each run at its slot in the plan's schedule; needs --out FILE, "
         "which crawlbench merge reads")
      ->check(segment_text);
  run.add_option_function<std::string>(
         "--start-at", [&o](const std::string& text) { o.start_at_s = cli::parse_start_at(text).value(); },
         "Wait until this wall-clock time, then begin: ISO 8601 with a zone (2026-12-01T06:30:00Z) or epoch "
         "seconds; at once when it has passed. A segment's later runs begin on the plan's schedule from it")
      ->check(start_at_text);
}

// --server: a delay server's base URL, checked above, becomes the command's url target.
void add_server_option(CLI::App& command, server_target& into, const std::string& description) {
  command.add_option_function<std::string>("--server", [&into](const std::string& text) { into = url_target{text}; },
                                           description)
      ->check(server_url);
}

// The options `run` and `gui` share: what to crawl.
struct plan_text {
  std::string strategies = "all";
  std::string concurrency = "100";
};

void add_plan_options(CLI::App& command, crawl_plan& plan, plan_text& text) {
  command.add_option("--strategy", text.strategies, "Comma-separated strategies, or 'all': serial,gevent,tornado,aiohttp,batched,rate")
      ->default_str("all");
  command.add_option("--num", plan.num, "Requests per strategy")->check(cli::whole_number(num_range))->capture_default_str();
  command.add_option("--serial-num", plan.serial_num, "Requests for serial, which takes N x delay (0: same as --num)")
      ->check(cli::whole_number(serial_num_range))
      ->capture_default_str();
  command.add_option("--delay", plan.delay_ms, "Server delay per request, ms")->check(cli::whole_number(delay_ms_range))->capture_default_str();
  command.add_option("--concurrency", text.concurrency, "Requests in flight (1 to 1,000,000), or a list for a sweep: 1,26,51")
      ->default_str("100");
  command.add_option("--rate", plan.rate_rps,
                     "Requests/s for the rate strategy (default 0: concurrency / delay); its schedule, (N - 1) / rate + "
                     "delay, must fit in 10,000,000 s, the longest run (about 116 days), as must ceil(N / C) x delay")
      ->check(cli::rate_number());
  command.add_option("--timeout", plan.timeout_ms, "Per-request timeout, ms (0: none)")->check(cli::whole_number(timeout_ms_range))->capture_default_str();
  command.add_option("--seed", plan.seed, "Seed of the random URL suffixes (0 to 2^64 - 1)")->check(cli::whole_number(seed_range))->capture_default_str();
}

// https: whose certificates to trust (native/transport/tls_trust.hpp).
void add_trust_options(CLI::App& command, native::tls_trust& trust) {
  auto* cacert = command.add_option("--cacert", trust.ca_file, "Trust the certificates in this PEM file (instead of the system's) over https");
  command.add_flag("--insecure", trust.insecure, "Over https, check neither the certificate nor the name (the output says so)")
      ->excludes(cacert);
}

// --transport for the commands that run only natively: libcurl (the default) or the asio client.
void add_client_option(CLI::App& command, native::native_client& client) {
  command
      .add_option_function<std::string>(
          "--transport", [&client](const std::string& name) { client = native::parse_native_client(name).value(); },
          "curl (libcurl: http and https) or asio (the lab's lean Asio + Beast client: http only)")
      ->check(CLI::IsMember({"curl", "asio"}))
      ->default_str("curl");
}

void add_run_options(CLI::App& run, cli::run_options& o, plan_text& text, double& rtt_ms, double& connect_ms,
                     double& jitter_ms, double& tls_cpu_ms) {
  add_server_option(run, o.server, "Base URL of a delay server speaking the book's /add API, http:// or https:// (default: one this command starts)");
  add_trust_options(run, o.trust);
  run.add_flag("--tls", o.tls, "The embedded server speaks HTTPS with a self-signed certificate, the only one trusted")
      ->excludes("--server")
      ->excludes("--cacert")
      ->excludes("--insecure");
  add_plan_options(run, o.plan, text);
  run.add_option("--transport", o.transport,
                 "curl (libcurl: real HTTP and HTTPS), asio (the lab's lean Asio + Beast client: http only) or sim "
                 "(the simulated server, in virtual time)")
      ->check(CLI::IsMember({"curl", "asio", "sim"}))
      ->capture_default_str();
  run.add_option("--sim-rtt", rtt_ms, "Simulated network round trip, ms")->check(cli::number_from(0, max_sim_ms, "ms"));
  run.add_option("--sim-connect", connect_ms, "Simulated cost of opening a connection, ms")->check(cli::number_from(0, max_sim_ms, "ms"));
  run.add_option("--sim-jitter", jitter_ms, "Simulated extra server delay, uniform in [0, J) ms")->check(cli::number_from(0, max_sim_ms, "ms"));
  run.add_option("--sim-server-limit", o.sim.server_concurrency, "Simulated server serves at most K at once (0: no limit)")
      ->check(cli::whole_number(server_limit_range));
  run.add_option("--sim-tls-rtts", o.sim.tls_round_trips, "Simulated TLS: its handshake's round trips on each new connection (0: plain HTTP; 1 as TLS 1.3, 2 as TLS 1.2)")
      ->check(cli::whole_number(tls_round_trips_range));
  run.add_option("--sim-tls-cpu", tls_cpu_ms, "Simulated client CPU per TLS handshake, ms (one at a time)")->check(cli::number_from(0, max_sim_ms, "ms"));
  auto* json = run.add_flag("--json", o.json, "Print the result JSON instead of the table");
  run.add_flag("--csv", o.csv, "Print one CSV row per run instead of the table")->excludes(json);
  run.add_option("--out", o.out, "Also write the result JSON, with every request's span, to this file");
  run.add_flag("--share", o.share, "Print a link that opens these results in the web UI (or crawlbench gui --open)");
  run.add_option("--share-base", o.share_base, "Where share links point: the web UI's address")->check(page_url)->capture_default_str();
  add_segment_options(run, o);
}

void add_gui_options(CLI::App& gui, gui::gui_options& o, plan_text& text) {
  add_server_option(gui, o.server, "Base URL of a delay server, http:// or https:// (default: one this command starts)");
  add_trust_options(gui, o.trust);
  add_client_option(gui, o.client);
  add_plan_options(gui, o.plan, text);
  auto* run_flag = gui.add_flag("--run", o.run_at_start, "Start crawling at once");
  gui.add_option("--screenshot", o.screenshot, "Write a PNG of the window here when the crawl ends");
  gui.add_flag("--exit-after-run", o.exit_after_run, "Exit when the crawl ends (after the screenshot): 0 if every request succeeded");
  gui.add_option("--width", o.width, "Window width, pixels")->check(cli::whole_number({640, 8192}))->capture_default_str();
  gui.add_option("--height", o.height, "Window height, pixels")->check(cli::whole_number({480, 8192}))->capture_default_str();
  gui.add_option("--open", o.to_open, "Show the results of a share link, or of a result file (run --out, merge --out), instead of crawling")->excludes(run_flag);
  gui.add_option("--share-base", o.share_base, "Where share links point: the web UI's address")->check(page_url)->capture_default_str();
  gui.add_option("--browser", o.browser, "The program \"Open in browser\" runs with the share link")->capture_default_str();
  gui.add_option("--view", o.view, "The tab shown first: results, throughput or sweep (below the call graphs), or mixed (CPU + I/O)")
      ->check(CLI::IsMember({"results", "throughput", "sweep", "mixed"}))
      ->capture_default_str();
  gui.add_option("--live-fps", o.live_fps, "Frames per second while a crawl runs (the UI shares the cores with it)")
      ->check(cli::number_from(1, 240, "frames/s"))
      ->capture_default_str();
  gui.add_option("--shader-dir", o.shader_dir, "Load the plot shaders from this folder instead of the built-in ones");
  gui.add_option("--bench-spans", o.bench_spans, "Benchmark: draw this many synthetic spans and print frame times")
      ->check(cli::whole_number({1, 10'000'000}));
  gui.add_option("--bench-frames", o.bench_frames, "Benchmark: frames to time")->check(cli::whole_number({1, 100'000}))->capture_default_str();
}

// Fills the plan's lists from their text; throws CLI::ValidationError naming the bad option.
void parse_plan_text(const plan_text& text, crawl_plan& plan) {
  auto strategies = parse_strategy_list(text.strategies);
  if (!strategies) throw CLI::ValidationError("--strategy", strategies.error().message);
  plan.strategies = *std::move(strategies);
  if (plan.strategies.empty()) throw CLI::ValidationError("--strategy", "no strategy given");
  auto concurrency = parse_concurrency_list(text.concurrency);
  if (!concurrency) throw CLI::ValidationError("--concurrency", concurrency.error().message);
  plan.concurrency = *std::move(concurrency);
}

// The modes a list names; throws CLI::ValidationError naming OPTION.
std::vector<mixed_mode> parse_modes(const std::string& text, const std::string& option) {
  auto modes = parse_mixed_mode_list(text);
  if (!modes) throw CLI::ValidationError(option, modes.error().message);
  return *std::move(modes);
}

// Every command's options, as parsed, and the commands.
struct command_line {
  cli::run_options run_options;
  cli::url_list_text run_urls;
  plan_text run_text, gui_text;
  double rtt_ms = 0, connect_ms = 0, jitter_ms = 0, tls_cpu_ms = 0;
  gui::gui_options gui_options;
  std::string gui_mixed_modes;
  ui::mixed_request gui_mixed;
  cli::mixed_options mixed_options;
  std::string mixed_modes = "all";
  cli::report_options report_options;
  cli::merge_options merge_options;
  CLI::App* run = nullptr;
  CLI::App* merge = nullptr;
  CLI::App* gui = nullptr;
  CLI::App* mixed = nullptr;
  CLI::App* report = nullptr;
};

// `crawlbench gui --mixed`: the CPU + I/O workload at once instead of a crawl.
void add_gui_mixed_options(CLI::App& gui, command_line& c) {
  auto* gui_mixed_flag = gui.add_option("--mixed", c.gui_mixed_modes, "Run the CPU + I/O workload at once in these modes (or all) and show it")
                             ->excludes("--run")
                             ->excludes("--open");
  gui.add_option("--items", c.gui_mixed.base.items, "--mixed: items to hash")->check(cli::whole_number({1, 100'000}))->needs(gui_mixed_flag)->capture_default_str();
  gui.add_option("--cost", c.gui_mixed.cost, "--mixed: bcrypt cost (4-16)")->check(cli::whole_number({4, 16}))->needs(gui_mixed_flag)->capture_default_str();
}

void add_mixed_options(CLI::App& mixed, cli::mixed_options& o, std::string& modes) {
  add_server_option(mixed, o.server, "Base URL of a delay server with POST /add (default: one this command starts)");
  add_trust_options(mixed, o.trust);
  mixed.add_option("--items", o.items, "Items to hash")->check(cli::whole_number(items_range))->capture_default_str();
  mixed.add_option("--cost", o.cost, "bcrypt cost: 2^cost rounds (4-31)")->check(cli::whole_number({4, 31}))->capture_default_str();
  mixed.add_option("--mode", modes, "Comma-separated modes, or 'all': noio,serial,batched,async,threaded")->default_str("all");
  mixed.add_option("--delay", o.delay_ms, "Server delay per POST, ms")->check(cli::whole_number(delay_ms_range))->capture_default_str();
  mixed.add_option("--batch", o.batch, "batched: results sent together")->check(cli::whole_number(batch_range))->capture_default_str();
  mixed.add_option("--concurrency", o.concurrency, "async, threaded: POSTs in flight at most")->check(cli::whole_number(concurrency_range))->capture_default_str();
  mixed.add_option("--timeout", o.timeout_ms, "Per-POST timeout, ms (0: none)")->check(cli::whole_number(timeout_ms_range))->capture_default_str();
  mixed.add_option("--seed", o.seed, "Seed of the items and salts (0 to 2^64 - 1)")->check(cli::whole_number(seed_range))->capture_default_str();
  mixed.add_flag("--json", o.json, "Print JSON instead of the table");
  add_client_option(mixed, o.client);
}

void add_report_options(CLI::App& report, cli::report_options& o) {
  report.add_option("--out", o.out, "Folder for report.md, results.json and images/")->capture_default_str();
  report.add_flag("--quick", o.quick, "Under a minute: fewer requests and items (the report says so)");
  report.add_flag("--all-costs", o.all_costs, "CPU + I/O at bcrypt costs 8, 10, 11 and 12 (default 8 and 10)");
  report.add_flag("!--no-images", o.images, "Skip the call-graph and plot pictures (they need a display or xvfb-run)");
  report.add_option("--share-base", o.share_base, "Where the share link points: the web UI's address")->check(page_url)->capture_default_str();
  report.add_flag("--tls", o.tls, "The embedded server speaks HTTPS with a self-signed certificate, the only one trusted");
}

void add_merge_options(CLI::App& merge, cli::merge_options& o) {
  merge.add_option("files", o.files, "The segment files (crawlbench run --segment I/K --out FILE), in any order")
      ->required()
      ->check(CLI::ExistingFile);
  merge.add_option("--out", o.out, "Also write the merged result JSON, with every request's span, to this file");
  auto* json = merge.add_flag("--json", o.json, "Print the merged result JSON instead of the table");
  merge.add_flag("--csv", o.csv, "Print one CSV row per run instead of the table")->excludes(json);
  merge.add_flag("--share", o.share, "Print a link that opens the merged result in the web UI (or crawlbench gui --open)");
  merge.add_option("--share-base", o.share_base, "Where share links point: the web UI's address")->check(page_url)->capture_default_str();
}

void add_commands(CLI::App& app, command_line& c) {
  c.run = app.add_subcommand("run", "Crawl N URLs with each strategy and print the results");
  add_run_options(*c.run, c.run_options, c.run_text, c.rtt_ms, c.connect_ms, c.jitter_ms, c.tls_cpu_ms);
  cli::add_url_list_options(*c.run, c.run_urls);
  c.gui = app.add_subcommand("gui", "The same crawl in a window: live call graphs, throughput and the results table");
  add_gui_options(*c.gui, c.gui_options, c.gui_text);
  add_gui_mixed_options(*c.gui, c);
  c.mixed = app.add_subcommand("mixed", "The chapter's CPU + I/O workload: bcrypt, each result POSTed to the delay server");
  add_mixed_options(*c.mixed, c.mixed_options, c.mixed_modes);
  c.report = app.add_subcommand("report", "The chapter re-run: every experiment, the book's figures beside ours, in DIR/report.md");
  add_report_options(*c.report, c.report_options);
  c.merge = app.add_subcommand("merge", "The segments of one plan (run --segment I/K --out F) as one result, as if one process ran it");
  add_merge_options(*c.merge, c.merge_options);
}

// The lists typed as text, parsed once the command line is, and run's target; throws CLI::ValidationError.
void parse_lists(command_line& c) {
  if (c.run->parsed()) parse_plan_text(c.run_text, c.run_options.plan);
  if (c.run->parsed()) cli::resolve_url_list(*c.run, c.run_urls, c.run_options);
  if (c.gui->parsed()) parse_plan_text(c.gui_text, c.gui_options.plan);
  if (c.gui->parsed() && !c.gui_mixed_modes.empty()) {
    c.gui_mixed.modes = parse_modes(c.gui_mixed_modes, "--mixed");
    c.gui_mixed.base.delay_ms = c.gui_options.plan.delay_ms;
    c.gui_options.mixed_at_start = c.gui_mixed;
  }
  if (c.mixed->parsed()) c.mixed_options.modes = parse_modes(c.mixed_modes, "--mode");
}

// The chosen command's exit status.
int run_chosen(command_line& c) {
  c.run_options.sim.round_trip = simulation_ms(c.rtt_ms);  // checked above: 0 to max_sim_ms
  c.run_options.sim.connect = simulation_ms(c.connect_ms);
  c.run_options.sim.jitter = simulation_ms(c.jitter_ms);
  c.run_options.sim.tls_cpu = simulation_ms(c.tls_cpu_ms);
  // `run --transport sim` crawls the simulated server with these knobs (a --server is the
  // simulated one's name only: the simulator answers any host).
  if (c.run_options.transport == "sim") c.run_options.server = simulated_target{c.run_options.sim};
  if (c.run->parsed()) return cli::run_command(c.run_options);
  if (c.gui->parsed()) return gui::gui_command(c.gui_options);
  if (c.mixed->parsed()) return cli::mixed_command(c.mixed_options);
  if (c.report->parsed()) return cli::report_command(c.report_options);
  if (c.merge->parsed()) return cli::merge_command(c.merge_options);
  return 2;
}
}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"crawlbench: how asynchronous I/O hides latency, measured"};
  app.require_subcommand(1);
  command_line c;
  add_commands(app, c);
  try {
    app.parse(argc, argv);
    parse_lists(c);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }
  try {
    return run_chosen(c);
  } catch (const std::exception& e) {
    std::cerr << "crawlbench: internal error: " << e.what() << "\n";
    return 3;
  }
}
