#pragma once
// crawlbench-server as a library: the book's delay server on Boost.Beast, running on its own
// threads, so the CLI, the GUI and the tests can embed it on an ephemeral port.
//
//   crawlbench::server::delay_server server{{.port = 0}};
//   server.start();
//   crawl(server.url());
//   server.stop();              // graceful: stop accepting, let requests finish, flush metrics

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "crawlbench/server/metrics_store.hpp"

namespace crawlbench::server {

// HTTPS: the server's certificate (PEM; a chain, the server's first) and its private key (PEM, not
// encrypted). make_self_signed() (self_signed.hpp) makes a pair for the loopback names.
struct tls_files {
  std::string cert_file;
  std::string key_file;
};

struct server_options {
  std::string host = "127.0.0.1";  // an IPv4 or IPv6 address literal (canonical_address()), no name
  std::uint16_t port = 8082;       // 0 picks a free port
  unsigned extra_ports = 0;  // more listeners on port+1.., same handlers and metrics: more origins for browsers
  unsigned threads = 0;       // 0: one per core
  std::string web_root;       // static files at /; empty: a built-in page describing the API
  std::string metrics_file = "metric_data.json";
  std::int64_t max_delay_ms = 60'000;
  std::size_t max_concurrency = 0;  // serve at most K requests at once, queue the rest (0: no limit)
  int backlog = 4096;
  std::size_t max_spans = 10'000'000;  // stored spans; past it they are counted (24 bytes each)
  std::chrono::milliseconds read_timeout{30'000};  // a client must send a whole request within it
  std::chrono::milliseconds grace{2'000};          // stop(): how long in-flight requests may finish
  // Every listener speaks HTTPS with these (TLS 1.2+, ALPN http/1.1; the handshake within
  // read_timeout); nothing: plain HTTP.
  std::optional<tls_files> tls;
};

// Success, or an error saying what makes `options` unusable, in a sentence naming the flag: a host
// that is not an address literal, or port + extra_ports past 65535 (the ports would wrap around).
[[nodiscard]] expected<void> check_options(const server_options& options);

class delay_server {
 public:
  // Loads the TLS certificate and key (options.tls), then binds and listens on every port. Throws
  // std::invalid_argument with check_options()'s error or the TLS files' (naming the file and
  // OpenSSL's reason), before anything listens; std::runtime_error saying which address failed.
  explicit delay_server(server_options options);
  ~delay_server();
  delay_server(const delay_server&) = delete;
  delay_server& operator=(const delay_server&) = delete;

  void start();  // serves on its own threads; returns at once
  // Stops accepting, lets in-flight requests finish within the grace period, flushes the metrics
  // file, and stops the threads. Idempotent. Success, or the flush's error.
  expected<void> stop();

  [[nodiscard]] const std::vector<std::uint16_t>& ports() const noexcept;
  // "http://127.0.0.1:PORT", "http://[::1]:PORT" (http_url()), "https://..." with options.tls; a
  // wildcard host is named by the loopback address of its family (address_for_urls()). Also what
  // GET /origins lists.
  [[nodiscard]] std::string url(std::size_t listener = 0) const;
  [[nodiscard]] metrics_store& metrics() noexcept;
  [[nodiscard]] const server_options& options() const noexcept;
  [[nodiscard]] std::size_t active_requests() const noexcept;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace crawlbench::server
