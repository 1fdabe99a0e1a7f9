// crawlbench-server: the book's delay server. Prints one `listening on http://HOST:PORT` line per
// listener, serves until SIGINT or SIGTERM, then stops accepting, lets in-flight requests finish,
// flushes the metrics file and exits 0.
#include <CLI/CLI.hpp>


#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <system_error>

#include "crawlbench/server/delay_server.hpp"

using namespace crawlbench::server;

namespace {
// Without --web-root: the web preset's output beside this binary's build tree
// (build/native/server/crawlbench-server -> build/web/web-root), if it was built.
std::string find_web_root() {
  std::error_code error;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) return {};
  const auto candidate = self.parent_path() / ".." / ".." / "web" / "web-root";
  if (!std::filesystem::exists(candidate / "index.html", error)) return {};
  return std::filesystem::weakly_canonical(candidate, error).string();
}
}  // namespace

int main(int argc, char** argv) {
  server_options o;
  std::int64_t read_timeout_ms = o.read_timeout.count(), grace_ms = o.grace.count();
  CLI::App app{"crawlbench-server: the delay server of High Performance Python's asynchronous I/O chapter"};
  app.add_option("--host", o.host, "Address to listen on")->capture_default_str();
  app.add_option("--port", o.port, "Port (0 picks a free one)")->capture_default_str();
  app.add_option("--extra-ports", o.extra_ports, "More listeners on the next ports (ephemeral with --port 0): more origins for browsers")
      ->check(CLI::Range(0, 64))
      ->capture_default_str();
  app.add_option("--threads", o.threads, "Worker threads (0: one per core)")->check(CLI::Range(0, 256))->capture_default_str();
  app.add_option("--web-root", o.web_root,
                 "Serve the web UI's files from this directory (default: build/web/web-root when the web preset was built)")
      ->check(CLI::ExistingDirectory);
  app.add_option("--metrics-file", o.metrics_file, "Where ?flush=1 and shutdown write the metrics")->capture_default_str();
  app.add_option("--max-delay-ms", o.max_delay_ms, "Largest delay a request may ask for")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{24} * 3600 * 1000))
      ->capture_default_str();
  app.add_option("--max-concurrency", o.max_concurrency, "Serve at most K requests at once, queue the rest (0: no limit)")
      ->capture_default_str();
  app.add_option("--backlog", o.backlog, "Listen backlog")->check(CLI::Range(1, 1 << 20))->capture_default_str();
  app.add_option("--max-spans", o.max_spans, "Spans kept in memory (24 bytes each); past it they are only counted")
      ->capture_default_str();
  app.add_option("--read-timeout-ms", read_timeout_ms, "A client must send a whole request within this")
      ->check(CLI::Range(1, 3'600'000))
      ->capture_default_str();
  app.add_option("--grace-ms", grace_ms, "On SIGINT/SIGTERM, how long in-flight requests may finish")
      ->check(CLI::Range(0, 600'000))
      ->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }
  if (o.web_root.empty()) o.web_root = find_web_root();
  o.read_timeout = std::chrono::milliseconds(read_timeout_ms);
  o.grace = std::chrono::milliseconds(grace_ms);

  // 10,000 sleeping connections are an ordinary experiment; warn only below what they need.
  std::string limit_message;
  if (raise_file_limit(65'536, limit_message) < 16'384) std::fprintf(stderr, "crawlbench-server: %s\n", limit_message.c_str());

  // Worker threads inherit this mask, so only sigwait() below sees the signals.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  try {
    delay_server server{o};
    server.start();
    for (std::size_t i = 0; i < server.ports().size(); ++i) std::printf("listening on %s\n", server.url(i).c_str());
    if (o.web_root.empty()) {
      std::fprintf(stderr, "crawlbench-server: no web UI (build the web preset, or give --web-root)\n");
    } else {
      std::fprintf(stderr, "crawlbench-server: web UI from %s at %s/\n", o.web_root.c_str(), server.url(0).c_str());
    }
    std::fflush(stdout);

    int received = 0;
    sigwait(&signals, &received);
    std::fprintf(stderr, "crawlbench-server: %s: stopping\n", received == SIGINT ? "SIGINT" : "SIGTERM");
    const std::string problem = server.stop();
    if (!problem.empty()) {
      std::fprintf(stderr, "crawlbench-server: %s\n", problem.c_str());
      return 1;
    }
    std::fprintf(stderr, "crawlbench-server: %zu spans written to %s\n", server.metrics().stored(), o.metrics_file.c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "crawlbench-server: %s\n", e.what());
    return 1;
  }
}
