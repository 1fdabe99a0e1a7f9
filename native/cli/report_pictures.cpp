#include "report_pictures.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include "crawlbench/expected.hpp"
#include "interrupt.hpp"

extern char** environ;  // posix_spawnp's child gets this process's environment

namespace crawlbench::cli {

namespace {
namespace fs = std::filesystem;
using namespace std::chrono_literals;
using std::chrono::steady_clock;

constexpr auto picture_time_limit = 60s;  // a picture takes a few seconds with software GL
constexpr auto kill_grace = 5s;           // after SIGTERM, before SIGKILL
constexpr auto poll_interval = 50ms;      // how soon a timeout or Ctrl-C is noticed

// How a drawing process ended.
enum class ending { exited, timed_out, interrupted };

// Whether NAME is an executable file in one of PATH's folders (what `command -v` finds).
bool on_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::istringstream folders(path != nullptr ? path : "");
  for (std::string folder; std::getline(folders, folder, ':');) {
    if (::access(((folder.empty() ? fs::path(".") : fs::path(folder)) / name).c_str(), X_OK) == 0) return true;
  }
  return false;
}

bool has_display() {
  const char* display = std::getenv("DISPLAY");
  return display != nullptr && *display != '\0';
}

// Success, or an error saying what keeps every picture from being drawn.
expected<void> can_draw(const std::error_code& no_self, bool display) {
  if (no_self) return unexpected_error("cannot find the crawlbench binary: " + no_self.message());
  if (!display && !on_path("xvfb-run")) return unexpected_error("no display, and no xvfb-run to make one");
  return {};
}

// The command that draws one picture: this binary's gui, inside xvfb-run when there is no display.
std::vector<std::string> picture_argv(const fs::path& self, const picture_job& job, const fs::path& png, bool display) {
  std::vector<std::string> argv;
  if (!display) argv = {"xvfb-run", "-a", "-s", "-screen 0 1280x800x24"};
  argv.insert(argv.end(), {self.string(), "gui", "--width", "1280", "--height", "800", "--open", job.link, "--view",
                           job.view, "--screenshot", png.string(), "--exit-after-run"});
  return argv;
}

// Starts ARGV (its program looked up on PATH) in a process group of its own, so that a timeout
// ends it whole, xvfb-run's X server included, and the terminal's Ctrl-C reaches only this
// process; stdin from /dev/null, stdout and stderr to LOG. The child's pid, or an error naming the program.
expected<pid_t> spawn(const std::vector<std::string>& argv, const fs::path& log) {
  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  posix_spawn_file_actions_addopen(&files, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&files, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&files, STDOUT_FILENO, STDERR_FILENO);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);
  std::vector<char*> args;
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));  // exec does not write them
  args.push_back(nullptr);
  pid_t child = 0;
  const int error = posix_spawnp(&child, args.front(), &files, &attributes, args.data(), environ);
  posix_spawnattr_destroy(&attributes);
  posix_spawn_file_actions_destroy(&files);
  if (error != 0) return unexpected_error("cannot start " + argv.front() + ": " + std::strerror(error));
  return child;
}

// Whether CHILD has exited (and is now reaped), without waiting.
bool reaped(pid_t child) {
  pid_t done = 0;
  do {
    done = ::waitpid(child, nullptr, WNOHANG);
  } while (done == -1 && errno == EINTR);
  return done != 0;  // exited, or not ours to wait for
}

// Ends CHILD's process group: SIGTERM, then SIGKILL if it has not exited within kill_grace.
void end_group(pid_t child) {
  ::kill(-child, SIGTERM);
  for (const auto deadline = steady_clock::now() + kill_grace; !reaped(child);) {
    if (steady_clock::now() >= deadline) ::kill(-child, SIGKILL);
    std::this_thread::sleep_for(poll_interval);
  }
}

// Waits for CHILD to exit, polling, so that the time limit or a Ctrl-C can end it first.
ending wait_for(pid_t child) {
  const auto deadline = steady_clock::now() + picture_time_limit;
  for (; !reaped(child); std::this_thread::sleep_for(poll_interval)) {
    const bool late = steady_clock::now() >= deadline;
    if (late || interrupt_guard::interrupted()) {
      end_group(child);
      return late ? ending::timed_out : ending::interrupted;
    }
  }
  return ending::exited;
}

bool is_png(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  char signature[8] = {};
  return in.read(signature, 8) && std::string(signature, 8) == "\x89PNG\r\n\x1a\n";
}

// The gui's own message about what went wrong: its first line that names it, or empty.
std::string gui_message(const fs::path& log) {
  std::ifstream in(log);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("crawlbench gui", 0) == 0) return line;
  }
  return {};
}

// Success when PNG was drawn, else an error saying why not.
expected<void> drawn(const fs::path& png, const fs::path& log, ending how) {
  if (is_png(png)) return {};
  if (auto said = gui_message(log); !said.empty()) return unexpected_error(said);
  switch (how) {
    case ending::interrupted: return unexpected_error("interrupted");
    case ending::timed_out: return unexpected_error("crawlbench gui took more than 60 s");
    case ending::exited: break;
  }
  return unexpected_error("crawlbench gui wrote no picture");
}

// Draws one picture; success, or an error saying why it is not drawn.
expected<void> draw_picture(const std::vector<std::string>& argv, const fs::path& png, const fs::path& log) {
  const auto child = spawn(argv, log);
  auto outcome = child ? drawn(png, log, wait_for(*child)) : unexpected(child.error());
  std::error_code ec;
  fs::remove(log, ec);
  return outcome;
}
}  // namespace

bool draw_pictures(const std::vector<picture_job>& jobs, const fs::path& folder) {
  std::error_code no_self;
  const fs::path self = fs::read_symlink("/proc/self/exe", no_self);
  const bool display = has_display();
  const auto possible = can_draw(no_self, display);
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    const fs::path png = folder / jobs[i].image->file;
    std::error_code ec;
    fs::remove(png, ec);  // a picture left by an earlier report is not this one's
    if (!possible || interrupt_guard::interrupted()) {
      jobs[i].image->problem = possible ? "interrupted" : possible.error().message;
      continue;
    }
    const fs::path log = folder / ("draw-" + std::to_string(i) + ".log");
    const auto outcome = draw_picture(picture_argv(self, jobs[i], png, display), png, log);
    jobs[i].image->problem = outcome ? std::string() : outcome.error().message;  // empty: drawn
  }
  return !interrupt_guard::interrupted();
}

}  // namespace crawlbench::cli
