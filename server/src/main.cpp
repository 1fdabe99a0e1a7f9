// crawlbench-server: the book's delay server. Prints one `listening on URL` line per listener
// (http://127.0.0.1:8082, http://[::1]:8082; https:// with --tls-cert/--tls-key or
// --tls-self-signed), serves until SIGINT or SIGTERM, then stops accepting, lets in-flight requests
// finish, flushes the metrics file and exits 0. Bad flags or TLS files: exit 2 before listening.
#include <CLI/CLI.hpp>


#include <charconv>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <optional>
#include <system_error>

#include "crawlbench/posix/file_limit.hpp"
#include "crawlbench/server/delay_server.hpp"
#include "crawlbench/server/http_url.hpp"
#include "crawlbench/server/self_signed.hpp"
#include "web_root.hpp"

using namespace crawlbench::server;

namespace {
// A whole-number flag from `lowest` to `highest`, read as a signed 64-bit number and checked before
// it is stored, so "-1" for an unsigned option is refused rather than wrapped around. The range is
// in --help and in the message.
template <typename Number>
CLI::Option* add_bounded(CLI::App& app, const std::string& name, Number& target, std::int64_t lowest,
                         std::int64_t highest, const std::string& description) {
  const std::string range = "from " + std::to_string(lowest) + " to " + std::to_string(highest);
  auto* option = app.add_option_function<std::int64_t>(
      name, [&target](std::int64_t value) { target = static_cast<Number>(value); }, description + "; " + range);
  option->check(CLI::Validator(
      [lowest, highest, range](const std::string& text) -> std::string {
        std::int64_t value = 0;
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (error == std::errc{} && end == text.data() + text.size() && value >= lowest && value <= highest) return {};
        return "'" + text + "' is not a whole number " + range;
      },
      "", "bounded"));
  option->default_str(std::to_string(target));
  return option;
}

// The TLS flags as typed: certificate and key files, or a directory for a self-signed pair.
struct tls_flags {
  std::string cert_file, key_file, self_signed_dir;
};

void add_tls_flags(CLI::App& app, tls_flags& tls) {
  auto* cert = app.add_option("--tls-cert", tls.cert_file, "Serve HTTPS with this certificate (PEM, the server's first in a chain)");
  auto* key = app.add_option("--tls-key", tls.key_file, "The certificate's private key (PEM, not encrypted)");
  cert->needs(key);
  key->needs(cert);
  app.add_option("--tls-self-signed", tls.self_signed_dir,
                 "Serve HTTPS with a fresh key and self-signed certificate for 127.0.0.1, ::1 and localhost, written to "
                 "DIR/cert.pem and DIR/key.pem (trust it with crawlbench run --cacert DIR/cert.pem)")
      ->excludes(cert)
      ->excludes(key);
}

// The TLS files the flags name, a self-signed pair made first: none for plain HTTP, or why not.
crawlbench::expected<std::optional<tls_files>> resolve_tls(const tls_flags& tls) {
  if (!tls.self_signed_dir.empty()) {
    auto made = make_self_signed(tls.self_signed_dir);
    if (!made) return crawlbench::unexpected(std::move(made).error());
    return std::optional<tls_files>(*std::move(made));
  }
  if (tls.cert_file.empty()) return std::optional<tls_files>();
  return std::optional<tls_files>(tls_files{tls.cert_file, tls.key_file});
}

// Reads the flags into `o`, resolved (web root found, times in ms, a self-signed certificate
// made): nothing when they are good, else the exit status (0 after --help; 2 for a bad flag, its
// message printed).
std::optional<int> parse_flags(int argc, char** argv, server_options& o, tls_flags& tls) {
  std::int64_t read_timeout_ms = o.read_timeout.count(), grace_ms = o.grace.count();
  CLI::App app{"crawlbench-server: the delay server of High Performance Python's asynchronous I/O chapter"};
  app.add_option("--host", o.host,
                 "Address to listen on: IPv4 or IPv6 (::1 or [::1]), no name; 0.0.0.0 or :: for every address, "
                 "which the printed URLs name 127.0.0.1 or [::1]")
      ->capture_default_str();
  add_bounded(app, "--port", o.port, 0, 65'535, "Port (0 picks a free one)");
  add_bounded(app, "--extra-ports", o.extra_ports, 0, 64,
              "More listeners on the next ports (ephemeral with --port 0): more origins for browsers");
  add_bounded(app, "--threads", o.threads, 0, 256, "Worker threads (0: one per core)");
  app.add_option("--web-root", o.web_root,
                 "Serve the web UI's files from this directory (default: ../share/crawlbench/web beside an installed binary, "
                 "or build/web/web-root when the web preset was built)")
      ->check(CLI::ExistingDirectory);
  app.add_option("--metrics-file", o.metrics_file, "Where ?flush=1 and shutdown write the metrics")->capture_default_str();
  add_bounded(app, "--max-delay-ms", o.max_delay_ms, 0, std::int64_t{24} * 3600 * 1000,
              "Largest delay a request may ask for, in ms (24 h at most)");
  add_bounded(app, "--max-concurrency", o.max_concurrency, 0, 1'000'000,
              "Serve at most K requests at once, queue the rest (0: no limit)");
  add_bounded(app, "--backlog", o.backlog, 1, 1 << 20, "Listen backlog (the kernel may cap it at net.core.somaxconn)");
  add_bounded(app, "--max-spans", o.max_spans, 0, 1'000'000'000,
              "Spans kept in memory (24 bytes each); past it they are only counted");
  add_bounded(app, "--read-timeout-ms", read_timeout_ms, 1, 3'600'000, "A client must send a whole request within this, in ms");
  add_bounded(app, "--grace-ms", grace_ms, 0, 600'000, "On SIGINT/SIGTERM, how long in-flight requests may finish, in ms");
  add_tls_flags(app, tls);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }
  if (auto usable = check_options(o); !usable) {  // --host, and --port with --extra-ports past 65535
    std::fprintf(stderr, "crawlbench-server: %s\n", usable.error().message.c_str());
    return 2;
  }
  auto files = resolve_tls(tls);
  if (!files) {
    std::fprintf(stderr, "crawlbench-server: %s\n", files.error().message.c_str());
    return 2;
  }
  o.tls = *std::move(files);
  if (o.web_root.empty()) o.web_root = find_own_web_root();
  o.read_timeout = std::chrono::milliseconds(read_timeout_ms);
  o.grace = std::chrono::milliseconds(grace_ms);
  return std::nullopt;
}
}  // namespace

int main(int argc, char** argv) {
  server_options o;
  tls_flags tls;
  if (const auto exit_status = parse_flags(argc, argv, o, tls)) return *exit_status;

  // 10,000 sleeping connections are an ordinary experiment; warn only below what they need.
  if (const auto limit = crawlbench::posix::raise_file_limit(65'536); limit.open_files < 16'384 && limit.shortfall) {
    std::fprintf(stderr, "crawlbench-server: %s\n", limit.shortfall->c_str());
  }

  // Worker threads inherit this mask, so only sigwait() below sees the signals.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  std::unique_ptr<delay_server> listening;
  try {
    listening = std::make_unique<delay_server>(o);
  } catch (const std::invalid_argument& e) {  // the TLS files: a user's mistake, like a bad flag
    std::fprintf(stderr, "crawlbench-server: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "crawlbench-server: %s\n", e.what());
    return 1;
  }
  try {
    delay_server& server = *listening;
    server.start();
    for (std::size_t i = 0; i < server.ports().size(); ++i) std::printf("listening on %s\n", server.url(i).c_str());
    if (!tls.self_signed_dir.empty()) {
      std::printf("crawlbench-server: self-signed certificate in %s: trust it with --cacert %s\n", o.tls->cert_file.c_str(),
                  o.tls->cert_file.c_str());
    }
    if (const auto host = *canonical_address(o.host); address_for_urls(host) != host) {
      std::fprintf(stderr, "crawlbench-server: listening on every %s address (%s); the URLs name %s\n",
                   host.find(':') != std::string::npos ? "IPv6" : "IPv4", host.c_str(), address_for_urls(host).c_str());
    }
    if (o.web_root.empty()) {
      std::fprintf(stderr, "crawlbench-server: no web UI (build the web preset, or give --web-root)\n");
    } else {
      std::fprintf(stderr, "crawlbench-server: web UI from %s at %s/\n", o.web_root.c_str(), server.url(0).c_str());
    }
    std::fflush(stdout);

    int received = 0;
    sigwait(&signals, &received);
    std::fprintf(stderr, "crawlbench-server: %s: stopping\n", received == SIGINT ? "SIGINT" : "SIGTERM");
    if (auto stopped = server.stop(); !stopped) {
      std::fprintf(stderr, "crawlbench-server: %s\n", stopped.error().message.c_str());
      return 1;
    }
    std::fprintf(stderr, "crawlbench-server: %zu spans written to %s\n", server.metrics().stored(), o.metrics_file.c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "crawlbench-server: %s\n", e.what());
    return 1;
  }
}
