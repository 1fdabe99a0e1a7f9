#include "report_command.hpp"

#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <thread>

#include <curl/curl.h>

#include "bcrypt_task.hpp"
#include "crawlbench/atomic_file.hpp"
#include "crawlbench/book_figures.hpp"
#include "crawlbench/report.hpp"
#include "crawlbench/share_link.hpp"
#include "curl_runs.hpp"
#include "embedded_server.hpp"
#include "interrupt.hpp"
#include "open_file_limit.hpp"

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

struct image_job {
  report_image* image;
  std::string link, view;
};

// One shell word: 'text', with each ' written as '\''.
std::string shell_quote(const std::string& text) {
  std::string quoted = "'";
  for (const char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// Draws each image with `crawlbench gui --open LINK --view V --screenshot F` (at most 60 s each),
// all in one virtual X server when there is no display. A missing image is said in the report,
// not fatal. False when Ctrl-C ended the drawing (system() leaves SIGINT to the children).
bool draw_images(const std::vector<image_job>& jobs, const fs::path& folder) {
  if (jobs.empty()) return true;
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  const bool display = std::getenv("DISPLAY") != nullptr && *std::getenv("DISPLAY") != '\0';
  const bool xvfb = std::system("command -v xvfb-run > /dev/null 2>&1") == 0;
  std::string problem;
  if (ec) problem = "cannot find the crawlbench binary: " + ec.message();
  if (problem.empty() && !display && !xvfb) problem = "no display, and no xvfb-run to make one";
  const fs::path script = folder / "draw.sh";
  const auto log_of = [&](std::size_t i) { return folder / ("draw-" + std::to_string(i) + ".log"); };
  bool completed = true;
  if (problem.empty()) {
    std::ofstream out(script);
    out << "trap 'exit 130' INT\n";
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      const fs::path png = folder / jobs[i].image->file;
      fs::remove(png, ec);  // a picture left by an earlier report is not this one's
      out << "timeout 60 " << shell_quote(self.string()) << " gui --width 1280 --height 800 --open "
          << shell_quote(jobs[i].link) << " --view " << jobs[i].view << " --screenshot " << shell_quote(png.string())
          << " --exit-after-run > " << shell_quote(log_of(i).string()) << " 2>&1\n";
    }
    out.close();
    const std::string command = (display ? std::string("sh ") : std::string("xvfb-run -a -s '-screen 0 1280x800x24' sh ")) +
                                shell_quote(script.string()) + " > /dev/null 2>&1";
    const int status = std::system(command.c_str());  // each image is checked below
    completed = !(WIFSIGNALED(status) && WTERMSIG(status) == SIGINT) && !(WIFEXITED(status) && WEXITSTATUS(status) == 130);
  }
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    auto& image = *jobs[i].image;
    std::ifstream png(folder / image.file, std::ios::binary);
    char signature[8] = {};
    const bool drawn = problem.empty() && png.read(signature, 8) && std::string(signature, 8) == "\x89PNG\r\n\x1a\n";
    if (!drawn) {
      image.problem = problem.empty() ? first_line_of(log_of(i), "crawlbench gui") : problem;
      if (image.problem.empty()) image.problem = completed ? "crawlbench gui wrote no picture" : "interrupted";
    }
    fs::remove(log_of(i), ec);
  }
  fs::remove(script, ec);
  return completed;
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
}  // namespace

int report_command(const report_options& o) {
  const report_plan plan = plan_for(o);
  const fs::path folder = o.out;
  std::error_code ec;
  fs::create_directories(folder / "images", ec);
  if (ec) {
    std::cerr << "crawlbench report: cannot make " << (folder / "images").string() << ": " << ec.message() << "\n";
    return 1;
  }

  chapter_report report;
  report.quick = o.quick;
  report.command = std::string("crawlbench report") + (o.quick ? " --quick" : "") + (o.all_costs ? " --all-costs" : "");
  report.machine = machine_facts();

  // The runs, all against one delay server of its own (below).
  std::vector<crawl_config> crawls;
  crawl_config base;
  base.num = plan.num;
  base.delay_ms = plan.delay_ms;
  base.concurrency = plan.concurrency;
  for (const auto kind : all_strategies) {
    crawl_config c = base;
    c.strategy = kind;
    if (kind == strategy_kind::serial) c.num = plan.serial_num;
    crawls.push_back(c);
  }
  std::vector<crawl_config> sweep;
  for (const auto concurrency : plan.sweep_concurrency) {
    crawl_config c = base;
    c.strategy = strategy_kind::gevent;
    c.num = plan.sweep_num;
    c.delay_ms = plan.sweep_delay_ms;
    c.concurrency = concurrency;
    sweep.push_back(c);
  }
  crawl_config scale = base;
  scale.num = plan.scale_num;
  scale.concurrency = plan.scale_concurrency;
  crawl_config mistake = base;  // the book's notebook: name=asyncio, os.path.join
  mistake.name = "asyncio";
  mistake.urls = url_form::os_path_join;

  // The server in a child process of its own, forked before this one starts any thread.
  std::unique_ptr<native::embedded_server> embedded;
  try {
    embedded = std::make_unique<native::embedded_server>(100);
  } catch (const std::runtime_error& e) {
    std::cerr << "crawlbench report: " << e.what() << "\n";
    return 1;
  }
  for (auto* config : {&scale, &sweep.back()}) {  // the largest concurrencies
    std::vector<crawl_config> one{*config};
    for (const auto& note : native::fit_to_open_file_limit(one)) {
      std::cerr << "crawlbench report: " << note << "\n";
      report.notes.push_back("The " + std::string(config == &scale ? "scale run" : "sweep's last run") + ": " + note + ".");
    }
    *config = one.front();
  }
  const interrupt_guard ctrl_c;
  const std::size_t steps = crawls.size() + sweep.size() + plan.costs.size() * all_mixed_modes.size() + 2 + (o.images ? 1 : 0);
  progress shown{steps};
  bool failed = false;
  const auto crawl = [&](crawl_config config, const std::string& what) -> std::optional<strategy_result> {
    if (interrupt_guard::interrupted()) return std::nullopt;
    config.server = embedded->url();
    shown.step(what);
    auto result = summarize(crawl_with_curl(config));
    result.transport = "curl";
    return result;
  };
  for (const auto& c : crawls) {
    auto r = crawl(c, std::string(to_string(c.strategy)) + ": " + std::to_string(c.num) + " x " + std::to_string(c.delay_ms) + " ms");
    if (!r) break;
    failed = failed || !r->succeeded();
    report.crawl.push_back(std::move(*r));
  }
  for (const auto& c : sweep) {
    auto r = crawl(c, "sweep: gevent at C=" + std::to_string(c.concurrency));
    if (!r) break;
    failed = failed || !r->succeeded();
    report.sweep.push_back(std::move(*r));
  }
  for (const int cost : plan.costs) {
    if (interrupt_guard::interrupted()) break;
    native::bcrypt_task cpu{cost, 1};
    mixed_table table{cost, cpu.name(), {}};
    mixed_config mc;
    mc.items = plan.items_override != 0 ? plan.items_override : mixed_book_figure_for(cost)->items;
    mc.delay_ms = plan.mixed_delay_ms;
    mc.server = embedded->url();
    for (const auto mode : all_mixed_modes) {
      if (interrupt_guard::interrupted()) break;
      shown.step("CPU + I/O: " + cpu.name() + ", " + std::string(to_string(mode)));
      mc.mode = mode;
      table.runs.push_back(mixed_with_curl(cpu, mc));
      failed = failed || !table.runs.back().succeeded();
    }
    report.mixed.push_back(std::move(table));
  }
  if (auto r = crawl(scale, "scale: " + std::to_string(scale.num) + " x 100 ms at C=" + std::to_string(scale.concurrency))) {
    failed = failed || !r->succeeded();
    report.scale = std::move(*r);
  }
  if (auto r = crawl(mistake, "the book's aiohttp URLs, replayed")) report.mistake = std::move(*r);
  embedded.reset();

  if (!report.crawl.empty()) {
    report.share_link = share_url(o.share_base, shared_of(report.crawl, base));
  }
  bool drawing_interrupted = false;
  if (o.images && !interrupt_guard::interrupted() && !report.crawl.empty()) {
    shown.step("drawing the call graphs and plots");
    std::vector<image_job> jobs;
    report.call_graphs.reserve(report.crawl.size());
    for (const auto& r : report.crawl) {
      report.call_graphs.push_back({"call graph: " + r.strategy, "images/callgraph-" + r.strategy + ".png", ""});
      jobs.push_back({&report.call_graphs.back(), share_url(o.share_base, shared_of({r}, base)), "results"});
    }
    report.throughput = report_image{"throughput and in flight over time", "images/throughput.png", ""};
    jobs.push_back({&*report.throughput, report.share_link, "throughput"});
    if (!report.sweep.empty()) {
      report.sweep_plot = report_image{"the concurrency sweep", "images/sweep.png", ""};
      jobs.push_back({&*report.sweep_plot, share_url(o.share_base, shared_of(report.sweep, sweep.front())), "sweep"});
    }
    drawing_interrupted = !draw_images(jobs, folder);
  }

  if (interrupt_guard::interrupted() || drawing_interrupted) {
    report.notes.push_back("**Interrupted** (Ctrl-C): the report holds the runs done before it; the run in progress "
                           "was cancelled, and its cancelled requests are counted as errors.");
  }
  int status = 0;
  for (const auto& [name, text] : {std::pair{std::string("report.md"), report_markdown(report)},
                                   std::pair{std::string("results.json"), report_json(report) + "\n"}}) {
    if (auto problem = write_file_atomically((folder / name).string(), text)) {
      std::cerr << "crawlbench report: " << *problem << "\n";
      status = 1;
    }
  }
  std::cout << "crawlbench report: " << (folder / "report.md").string() << ", " << (folder / "results.json").string();
  std::size_t drawn = 0;
  for (const auto& image : report.call_graphs) drawn += image.problem.empty();
  if (report.throughput && report.throughput->problem.empty()) ++drawn;
  if (report.sweep_plot && report.sweep_plot->problem.empty()) ++drawn;
  std::cout << " and " << drawn << " images\n";
  for (const auto& image : report.call_graphs) {
    if (!image.problem.empty()) std::cerr << "crawlbench report: " << image.title << " not drawn: " << image.problem << "\n";
  }
  if (report.mistake) {
    std::cout << "the book's aiohttp URLs: " << mistake_verdict(*report.mistake) << "\n";
    failed = failed || report.mistake->errors == 0;  // the checks missed it
  }
  if (failed) {
    std::cerr << "crawlbench report: some runs had failed requests (see the errors columns)\n";
    status = 1;
  }
  if (interrupt_guard::interrupted() || drawing_interrupted) {
    std::cerr << "crawlbench report: interrupted: the report holds the runs done\n";
    status = 130;
  }
  return status;
}

}  // namespace crawlbench::cli
