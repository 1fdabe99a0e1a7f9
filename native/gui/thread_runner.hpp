#pragma once
// The native GUI's runner: a crawl or the CPU + I/O workload runs on a thread of its own (the
// chosen HTTP client's loop: libcurl's or Asio's, native_client.hpp), the embedded delay server in
// a child process, and the UI thread only reads what the feeds collected.

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "crawlbench/ui/crawl_runner.hpp"
#include "native_client.hpp"
#include "target_starter.hpp"

namespace crawlbench::gui {

class thread_runner final : public ui::crawl_runner {
 public:
  // `trust`: whose certificates https crawls accept (checked by the caller: check_tls_trust);
  // `client`: the HTTP client of real crawls until the run panel chooses another.
  explicit thread_runner(native::tls_trust trust = {}, native::native_client client = native::native_client::curl)
      : trust_(std::move(trust)), client_(client) {}
  ~thread_runner() override;  // stops the run and waits for its thread
  thread_runner(const thread_runner&) = delete;
  thread_runner& operator=(const thread_runner&) = delete;

  void start(std::vector<crawl_config> runs, std::size_t origins_wanted = 1) override;
  // The CPU + I/O workload with real bcrypt; threaded gets a CPU thread of its own.
  void start_mixed(ui::mixed_request request) override;
  void stop() override;
  [[nodiscard]] bool busy() const override { return busy_.load(); }
  [[nodiscard]] std::string mixed_cpu_name(int cost) const override { return "bcrypt cost " + std::to_string(cost); }
  [[nodiscard]] std::vector<std::string> http_clients() const override;
  [[nodiscard]] std::string http_client() const override { return std::string(to_string(client_)); }
  void choose_http_client(std::string_view name) override;
  [[nodiscard]] std::string http_client_words(std::string_view name) const override;

 private:
  // What start() and start_mixed() share, on the UI thread: nothing while busy; a server the chosen
  // client cannot reach (https with asio) refused, `feed` ending at once with why; `runs` fitted to
  // the open-file limit and their embedded server started (else its error ends `feed` at once);
  // the label; then run_each() on a new worker thread (joining the last one first), with a fresh
  // stop_source for stop().
  template <typename Feed, typename Config, typename Body>
  void begin(Feed& feed, std::vector<Config> runs, Body body);
  // The worker thread: each run reported to `feed` as started and ended, `body(config, end, stop)`
  // filling the end (what it throws becomes the end's failure), or as not run after a Stop; then
  // all_done, then not busy.
  template <typename Feed, typename Config, typename Body>
  void run_each(Feed& feed, const std::vector<Config>& runs, const Body& body, const stop_token& stop);
  // One run of each kind (the bodies): `client`'s loop on this thread (run_on_client).
  void crawl_one(native::native_client client, const crawl_config& config, ui::crawl_run_end& end, const stop_token& stop);
  void mix_one(native::native_client client, const mixed_config& config, int cost, ui::mixed_run_end& end,
               const stop_token& stop);

  std::thread thread_;
  std::atomic<bool> busy_{false};
  stop_source stop_;  // the UI thread's: replaced by begin(), requested by stop()
  native::target_starter servers_;  // the embedded server, started by the first embedded run and kept
  native::tls_trust trust_;
  native::native_client client_;  // the UI thread's: each begin() hands its worker a copy
};

}  // namespace crawlbench::gui
