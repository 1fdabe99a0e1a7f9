#include "report_command.hpp"

#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <thread>

#include <curl/curl.h>

#include "bcrypt_task.hpp"
#include "crawlbench/atomic_file.hpp"
#include "crawlbench/book_figures.hpp"
#include "crawlbench/report.hpp"
#include "crawlbench/share_link.hpp"
#include "native_runs.hpp"
#include "interrupt.hpp"
#include "open_file_limit.hpp"
#include "report_pictures.hpp"
#include "thread_cpu.hpp"

namespace crawlbench::cli {

namespace {
namespace fs = std::filesystem;

// The experiments, at the book's sizes or, with --quick, small enough for CI.
struct report_plan {
  std::size_t num = 1000, serial_num = 50, concurrency = 100;
  std::int64_t delay_ms = 100;
  std::size_t sweep_num = sweep_book_num;
  std::int64_t sweep_delay_ms = sweep_book_delay_ms;
  std::vector<std::size_t> sweep_concurrency;
  std::vector<int> costs{8, 10};
  std::size_t items_override = 0;  // 0: the book's items for the cost
  std::int64_t mixed_delay_ms = 100;
  std::size_t scale_num = 100'000, scale_concurrency = 10'000;
};

report_plan plan_for(const report_options& o) {
  report_plan p;
  for (std::size_t c = 1; c <= 476; c += 25) p.sweep_concurrency.push_back(c);
  if (o.all_costs) p.costs = {8, 10, 11, 12};
  if (o.quick) {
    p.serial_num = 10;
    p.sweep_concurrency = {26, 101, 226, 376, 476};  // not 1: 25 s alone
    p.costs = {4};
    p.items_override = 40;
    p.mixed_delay_ms = 20;
    p.scale_num = 10'000;
    p.scale_concurrency = 1'000;
  }
  return p;
}

std::string first_line_of(const fs::path& file, const std::string& prefix) {
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(prefix, 0) == 0) return line;
  }
  return {};
}

std::vector<std::pair<std::string, std::string>> machine_facts() {
  std::vector<std::pair<std::string, std::string>> facts;
  const std::time_t now = std::time(nullptr);
  char date[64];
  std::strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
  facts.emplace_back("date", date);
  auto cpu = first_line_of("/proc/cpuinfo", "model name");
  if (auto at = cpu.find(": "); at != std::string::npos) cpu = cpu.substr(at + 2);
  facts.emplace_back("CPU", (cpu.empty() ? std::string("unknown") : cpu) + ", " +
                                std::to_string(std::thread::hardware_concurrency()) + " cores");
  auto os = first_line_of("/etc/os-release", "PRETTY_NAME=");
  if (!os.empty()) os = os.substr(12);
  if (os.size() >= 2 && os.front() == '"') os = os.substr(1, os.size() - 2);
  utsname name{};
  if (::uname(&name) == 0) os += std::string(os.empty() ? "" : ", ") + name.sysname + " " + name.release;
  facts.emplace_back("system", os);
#ifdef __clang__
  facts.emplace_back("compiler", "clang " __clang_version__);
#else
  facts.emplace_back("compiler", "g++ " __VERSION__);
#endif
  facts.emplace_back("libcurl", curl_version_info(CURLVERSION_NOW)->version);
  return facts;
}

// Progress on stderr: one line rewritten in a terminal, a line per step elsewhere.
class progress {
 public:
  explicit progress(std::size_t steps) : steps_(steps), tty_(::isatty(STDERR_FILENO) != 0) {}
  void step(const std::string& what) {
    ++done_;
    std::cerr << (tty_ ? "\r\x1b[K" : "") << "crawlbench report [" << done_ << "/" << steps_ << "] " << what
              << (tty_ ? "" : "\n") << std::flush;
  }
  ~progress() {
    if (tty_) std::cerr << "\r\x1b[K" << std::flush;
  }

 private:
  std::size_t steps_, done_ = 0;
  bool tty_;
};

// The runs of the report, resolved from its plan before any starts.
struct report_runs {
  crawl_config base;                 // the strategies' size, which the share links state
  std::vector<crawl_config> crawls;  // each strategy (serial at fewer requests)
  std::vector<crawl_config> sweep;   // gevent at each concurrency; never empty
  crawl_config scale, mistake;
};

report_runs runs_for(const report_plan& plan) {
  report_runs runs;
  runs.base.num = plan.num;
  runs.base.delay_ms = plan.delay_ms;
  runs.base.concurrency = plan.concurrency;
  for (const auto kind : all_strategies) {
    crawl_config c = runs.base;
    c.strategy = kind;
    if (kind == strategy_kind::serial) c.num = plan.serial_num;
    runs.crawls.push_back(c);
  }
  for (const auto concurrency : plan.sweep_concurrency) {
    crawl_config c = runs.base;
    c.strategy = strategy_kind::gevent;
    c.num = plan.sweep_num;
    c.delay_ms = plan.sweep_delay_ms;
    c.concurrency = concurrency;
    runs.sweep.push_back(c);
  }
  runs.scale = runs.base;
  runs.scale.num = plan.scale_num;
  runs.scale.concurrency = plan.scale_concurrency;
  runs.mistake = runs.base;  // the book's notebook: name=asyncio, os.path.join
  runs.mistake.name = "asyncio";
  runs.mistake.urls = url_form::os_path_join;
  return runs;
}

// The largest concurrencies lowered to what the open-file limit allows; each change is a note.
void fit_to_open_files(report_runs& runs, std::vector<std::string>& notes) {
  for (auto* config : {&runs.scale, &runs.sweep.back()}) {
    std::vector<crawl_config> one{*config};
    for (const auto& note : native::fit_to_open_file_limit(one)) {
      std::cerr << "crawlbench report: " << note << "\n";
      notes.push_back("The " + std::string(config == &runs.scale ? "scale run" : "sweep's last run") + ": " + note + ".");
    }
    *config = one.front();
  }
}

chapter_report report_header(const report_options& o) {
  chapter_report report;
  report.quick = o.quick;
  report.command = std::string("crawlbench report") + (o.quick ? " --quick" : "") + (o.all_costs ? " --all-costs" : "");
  report.machine = machine_facts();
  return report;
}

// Runs one experiment after another against one server, a progress step each, until Ctrl-C.
class experiments {
 public:
  experiments(server_target server, std::size_t steps, stop_token stop, native::tls_trust trust)
      : server_(std::move(server)), shown_(steps), stop_(std::move(stop)), trust_(std::move(trust)) {}

  // RESULTS gets each config's run, in order; fewer when Ctrl-C came first.
  template <class Label>
  void crawl_each(const std::vector<crawl_config>& configs, Label label, std::vector<strategy_result>& results) {
    for (const auto& c : configs) {
      auto r = crawl(c, label(c));
      if (!r) return;
      results.push_back(std::move(*r));
    }
  }

  // A CPU + I/O run: the mode, on the client.
  struct mixed_run {
    mixed_mode mode;
    native::native_client client;
  };

  // The CPU + I/O workload at COST in every mode, at ITEMS (0: the book's for the cost), on curl.
  mixed_table mixed_at(int cost, std::size_t items, std::int64_t delay_ms) {
    std::vector<mixed_run> each;
    for (const auto mode : all_mixed_modes) each.push_back({mode, native::native_client::curl});
    return mixed_each(cost, items, delay_ms, each);
  }

  // The CPU + I/O workload at COST, ITEMS (0: the book's for the cost), one run per mode and client
  // in `each`, in order, until Ctrl-C.
  mixed_table mixed_each(int cost, std::size_t items, std::int64_t delay_ms, const std::vector<mixed_run>& each) {
    native::bcrypt_task cpu{cost, 1};
    mixed_table table{cost, cpu.name(), {}};
    mixed_config mc;
    mc.items = items != 0 ? items : mixed_book_figure_for(cost)->items;
    mc.delay_ms = delay_ms;
    mc.server = server_;
    for (const auto& [mode, client] : each) {
      if (stop_.stop_requested()) break;
      shown_.step("CPU + I/O: " + cpu.name() + ", " + std::string(to_string(mode)) +
                  (client == native::native_client::curl ? "" : " on " + std::string(to_string(client))));
      mc.mode = mode;
      table.runs.push_back(mixed_natively(cpu, mc, client, stop_, trust_));
      failed_ = failed_ || !table.runs.back().succeeded();
    }
    return table;
  }

  // One crawl on curl, unless Ctrl-C came first; a failed request counts unless it is EXPECTED.
  std::optional<strategy_result> crawl(crawl_config config, const std::string& what, bool errors_expected = false) {
    auto row = crawl_on(native::native_client::curl, std::move(config), what, errors_expected);
    if (!row) return std::nullopt;
    return std::move(row->result);
  }

  // One crawl on `client` with the thread's CPU per request (as `crawlbench run` measures it),
  // unless Ctrl-C came first; a failed request counts unless it is EXPECTED.
  std::optional<table_row> crawl_on(native::native_client client, crawl_config config, const std::string& what,
                                    bool errors_expected = false) {
    if (stop_.stop_requested()) return std::nullopt;
    config.server = server_;
    shown_.step(what);
    const native::thread_cpu_meter cpu;
    crawl_run run = crawl_natively(config, client, stop_, trust_);
    const double cpu_us = cpu.us_per_request(config.num);  // the crawl's, not the summary's
    table_row row{summarize(std::move(run)), cpu_us};
    failed_ = failed_ || (!errors_expected && !row.result.succeeded());
    return row;
  }

  // The runs after this go to `server`, trusting `trust` (the HTTPS section's own server).
  void switch_to(server_target server, native::tls_trust trust) {
    server_ = std::move(server);
    trust_ = std::move(trust);
  }

  void step(const std::string& what) { shown_.step(what); }
  [[nodiscard]] bool failed() const noexcept { return failed_; }
  [[nodiscard]] bool stopped() const noexcept { return stop_.stop_requested(); }

 private:
  server_target server_;
  progress shown_;
  stop_token stop_;
  native::tls_trust trust_;
  bool failed_ = false;
};

std::string crawl_label(const crawl_config& c) {
  return std::string(to_string(c.strategy)) + ": " + std::to_string(c.num) + " x " + std::to_string(c.delay_ms) + " ms";
}

std::string sweep_label(const crawl_config& c) { return "sweep: gevent at C=" + std::to_string(c.concurrency); }

// The book's four strategies (serial, gevent, tornado, aiohttp) of the crawl, for the HTTPS section.
std::vector<crawl_config> book_four(const std::vector<crawl_config>& crawls) {
  std::vector<crawl_config> four;
  for (const auto& c : crawls) {
    if (c.strategy != strategy_kind::batched && c.strategy != strategy_kind::rate) four.push_back(c);
  }
  return four;
}

// The HTTPS section's server, started beside the report's (before any thread, as that one): none
// with --tls, where every run is over HTTPS already; else the server, or why not in the report.
struct https_server {
  std::unique_ptr<native::target_starter> starter;
  std::optional<server_target> target;
};
https_server start_https(const report_options& o, chapter_report& report) {
  https_server s;
  if (o.tls) return s;
  s.starter = std::make_unique<native::target_starter>(native::embedded_scheme::https);
  auto started = s.starter->start(server_target{});
  if (started) {
    s.target = *std::move(started);
  } else {
    report.https_problem = started.error().message;
    std::cerr << "crawlbench report: the HTTPS section is skipped: " << started.error().message << "\n";
  }
  return s;
}

// Every experiment in the chapter's order, into REPORT.
void run_all(experiments& run, const report_runs& runs, const report_plan& plan, chapter_report& report) {
  run.crawl_each(runs.crawls, crawl_label, report.crawl);
  run.crawl_each(runs.sweep, sweep_label, report.sweep);
  for (const int cost : plan.costs) {
    if (run.stopped()) break;
    report.mixed.push_back(run.mixed_at(cost, plan.items_override, plan.mixed_delay_ms));
  }
  report.scale = run.crawl(runs.scale, "scale: " + std::to_string(runs.scale.num) + " x 100 ms at C=" +
                                           std::to_string(runs.scale.concurrency));
  report.mistake = run.crawl(runs.mistake, "the book's aiohttp URLs, replayed", true);
}

// The cost at which "What the HTTP client costs" runs the CPU + I/O workload (the issue's: async at
// cost 8, where the hashing and the POSTs' delays are of a size).
constexpr int client_mixed_cost = 8;

// "What the HTTP client costs": each of the book's four strategies on curl then on asio, back to
// back; then the CPU + I/O workload at cost 8: noio, and async on each client. Not run, said why,
// when the asio client cannot reach the server (--tls).
void run_clients(experiments& run, const std::vector<crawl_config>& four, const report_plan& plan, const server_target& server,
                 bool tls, client_costs& costs) {
  if (auto reaches = native::check_client_reaches(native::native_client::asio, server, tls); !reaches) {
    costs.problem = reaches.error().message;
    return;
  }
  for (const auto& c : four) {
    for (const auto client : native::native_clients) {
      auto row = run.crawl_on(client, c, "HTTP client " + std::string(to_string(client)) + ": " + crawl_label(c));
      if (!row) return;
      costs.crawls.push_back(std::move(*row));
    }
  }
  using native::native_client;
  costs.mixed = run.mixed_each(client_mixed_cost, plan.items_override, plan.mixed_delay_ms,
                               {{mixed_mode::noio, native_client::curl},
                                {mixed_mode::async, native_client::curl},
                                {mixed_mode::async, native_client::asio}});
  costs.mixed_clients = {"-", "curl", "asio"};
  costs.mixed_clients.resize(costs.mixed.runs.size());
}

shared_results shared_of(const std::vector<strategy_result>& runs, const crawl_config& like) {
  shared_results shared;
  shared.plan.num = like.num;
  shared.plan.delay_ms = like.delay_ms;
  shared.plan.serial_num = 0;
  shared.plan.strategies.clear();
  shared.plan.concurrency.clear();
  for (const auto& r : runs) {
    if (auto kind = parse_strategy(r.strategy)) {
      if (std::find(shared.plan.strategies.begin(), shared.plan.strategies.end(), *kind) == shared.plan.strategies.end())
        shared.plan.strategies.push_back(*kind);
      if (*kind == strategy_kind::serial) shared.plan.serial_num = r.num;
    }
    if (r.strategy != "serial" && std::find(shared.plan.concurrency.begin(), shared.plan.concurrency.end(), r.concurrency) ==
                                      shared.plan.concurrency.end())
      shared.plan.concurrency.push_back(r.concurrency);
  }
  if (shared.plan.concurrency.empty()) shared.plan.concurrency.push_back(1);
  shared.runs = runs;
  return shared;
}

// The pictures the report shows, each with the share link it is drawn from; the jobs point into
// REPORT's images.
std::vector<picture_job> picture_jobs(chapter_report& report, const report_runs& runs, const std::string& share_base) {
  std::vector<picture_job> jobs;
  report.call_graphs.reserve(report.crawl.size());
  for (const auto& r : report.crawl) {
    report.call_graphs.push_back({"call graph: " + r.strategy, "images/callgraph-" + r.strategy + ".png", ""});
    jobs.push_back({&report.call_graphs.back(), share_url(share_base, shared_of({r}, runs.base)), "results"});
  }
  report.throughput = report_image{"throughput and in flight over time", "images/throughput.png", ""};
  jobs.push_back({&*report.throughput, report.share_link, "throughput"});
  if (!report.sweep.empty()) {
    report.sweep_plot = report_image{"the concurrency sweep", "images/sweep.png", ""};
    jobs.push_back({&*report.sweep_plot, share_url(share_base, shared_of(report.sweep, runs.sweep.front())), "sweep"});
  }
  return jobs;
}

// report.md and results.json, each written whole or not at all; false (said) when one is not.
bool write_report(const chapter_report& report, const fs::path& folder) {
  bool written = true;
  for (const auto& [name, text] : {std::pair{std::string("report.md"), report_markdown(report)},
                                   std::pair{std::string("results.json"), report_json(report) + "\n"}}) {
    if (auto file = write_file_atomically((folder / name).string(), text); !file) {
      std::cerr << "crawlbench report: " << file.error().message << "\n";
      written = false;
    }
  }
  return written;
}

// What was written on stdout, each picture not drawn on stderr, and the replayed mistake's verdict.
void print_summary(const chapter_report& report, const fs::path& folder) {
  std::cout << "crawlbench report: " << (folder / "report.md").string() << ", " << (folder / "results.json").string();
  std::size_t drawn = 0;
  for (const auto& image : report.call_graphs) drawn += image.problem.empty();
  if (report.throughput && report.throughput->problem.empty()) ++drawn;
  if (report.sweep_plot && report.sweep_plot->problem.empty()) ++drawn;
  std::cout << " and " << drawn << " images\n";
  for (const auto& image : report.call_graphs) {
    if (!image.problem.empty()) std::cerr << "crawlbench report: " << image.title << " not drawn: " << image.problem << "\n";
  }
  if (report.mistake) std::cout << "the book's aiohttp URLs: " << mistake_verdict(*report.mistake) << "\n";
}

// The exit status (report_command's), each cause said on stderr.
int exit_status(bool written, bool failed, bool interrupted) {
  int status = written ? 0 : 1;
  if (failed) {
    std::cerr << "crawlbench report: some runs had failed requests (see the errors columns)\n";
    status = 1;
  }
  if (interrupted) {
    std::cerr << "crawlbench report: interrupted: the report holds the runs done\n";
    status = 130;
  }
  return status;
}
}  // namespace

int report_command(const report_options& o) {
  const fs::path folder = o.out;
  std::error_code ec;
  fs::create_directories(folder / "images", ec);
  if (ec) {
    std::cerr << "crawlbench report: cannot make " << (folder / "images").string() << ": " << ec.message() << "\n";
    return 1;
  }
  const report_plan plan = plan_for(o);
  report_runs runs = runs_for(plan);
  chapter_report report = report_header(o);
  // The server in a child process of its own, forked before this one starts any thread.
  auto servers = std::make_unique<native::target_starter>(o.tls ? native::embedded_scheme::https : native::embedded_scheme::http);
  const auto target = start_target(*servers, server_target{}, "crawlbench report");
  if (!target) return 1;
  if (o.tls) report.notes.push_back("Every run went over HTTPS (--tls): the delay server's self-signed certificate, trusted alone.");
  const https_server secure = start_https(o, report);
  fit_to_open_files(runs, report.notes);

  const interrupt_guard ctrl_c;
  const auto over_https = secure.target ? book_four(runs.crawls) : std::vector<crawl_config>{};
  const auto on_both = book_four(runs.crawls);  // on curl and on asio, unless --tls (asio speaks http only)
  const std::size_t client_steps = o.tls ? 0 : on_both.size() * std::size(native::native_clients) + 3;
  const std::size_t steps = runs.crawls.size() + runs.sweep.size() + plan.costs.size() * all_mixed_modes.size() + 2 +
                            client_steps + over_https.size() + (o.images ? 1 : 0);
  experiments run{*target, steps, ctrl_c.token(), native::tls_trust{servers->ca_file(), false}};
  run_all(run, runs, plan, report);
  run_clients(run, on_both, plan, *target, o.tls, report.clients);
  if (secure.target) {
    run.switch_to(*secure.target, native::tls_trust{secure.starter->ca_file(), false});
    run.crawl_each(over_https, [](const crawl_config& c) { return "over HTTPS: " + crawl_label(c); }, report.https);
  }
  servers.reset();

  if (!report.crawl.empty()) report.share_link = share_url(o.share_base, shared_of(report.crawl, runs.base));
  bool drawing_interrupted = false;
  if (o.images && !interrupt_guard::interrupted() && !report.crawl.empty()) {
    run.step("drawing the call graphs and plots");
    drawing_interrupted = !draw_pictures(picture_jobs(report, runs, o.share_base), folder);
  }
  const bool interrupted = interrupt_guard::interrupted() || drawing_interrupted;
  if (interrupted) {
    report.notes.push_back("**Interrupted** (Ctrl-C): the report holds the runs done before it; the run in progress "
                           "was cancelled, and its cancelled requests are counted as errors.");
  }
  const bool written = write_report(report, folder);
  print_summary(report, folder);
  const bool missed = report.mistake && report.mistake->errors == 0;  // the checks missed the mistake
  return exit_status(written, run.failed() || missed, interrupted);
}

}  // namespace crawlbench::cli
