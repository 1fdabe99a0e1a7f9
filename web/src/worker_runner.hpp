#pragma once
// The page's crawl runner: hands the runs to the crawl worker (crawlbench_worker.js) and replays
// the events it sends into the feed the UI reads. The page's frames can be slow (software WebGL):
// the worker's completions never wait for them. Before it hands over runs on a server named by
// URL, it asks that server's /origins: the answer lists its listeners, and a failure is explained
// (crawl_news() ends with unreachable_server and why) instead of sending requests that all fail.
// A URL list is sent at once: its URLs' servers are not delay servers.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "crawlbench/ui/crawl_runner.hpp"
#include "probe.hpp"

namespace crawlbench::web {

class worker_runner final : public ui::crawl_runner {
 public:
  // `origin`: this page's origin, where "this page's server" would answer /origins.
  // `settled`: called once the page's origin answered /origins or failed to.
  worker_runner(std::string origin, std::function<void()> settled);

  void start(std::vector<crawl_config> runs, std::size_t origins = 1) override;
  // The CPU + I/O workload runs in the worker too, with the portable CPU task (web_runner).
  void start_mixed(ui::mixed_request request) override;
  void stop() override;
  [[nodiscard]] bool busy() const override { return busy_; }
  // This page's server's listeners (GET /origins, asked once at start-up), and the browser's cap.
  [[nodiscard]] std::vector<std::string> origins() const override { return origins_; }
  [[nodiscard]] std::size_t per_origin_cap() const override { return 6; }
  [[nodiscard]] std::string embedded_name() const override;
  [[nodiscard]] std::optional<bool> embedded_available() const override { return embedded_available_; }
  // This page's server is a URL that a page elsewhere can crawl too (if it can reach it).
  [[nodiscard]] server_target shared_as(const server_target& crawled) const override;
  // A transport_error in the page is a fetch that got no response: a CORS refusal or a server
  // that cannot be reached, which the browser does not tell apart: "blocked (CORS, or unreachable)".
  [[nodiscard]] std::string failure_words(std::string_view kind) const override;
  [[nodiscard]] std::string mixed_cpu_name(int cost) const override;
  [[nodiscard]] std::vector<mixed_mode> mixed_modes() const override;

  // The page's origin answered /origins with these listeners, or (nullopt) did not answer as a
  // delay server does.
  void set_origins(std::optional<std::vector<std::string>> origins);
  // The probe `id` of the server at `base` ended (probe.hpp): crawl on with its listeners, or say
  // why not (reachability.hpp). The answer to a probe given up (Stop) is dropped.
  void on_probed(int id, const std::string& base, probe_result probed);
  // A message from the worker (JSON text).
  void on_message(const std::string& text);

 private:
  // What waits for a URL server's /origins: the message to send once the runs are spread.
  struct pending_start {
    std::vector<crawl_config> runs;  // empty for the CPU + I/O workload
    std::size_t origins = 1;
    bool mixed = false;
    std::string mixed_message;  // the CPU + I/O workload's start message
    std::string label;          // the server, for the run panel
  };
  // Asks `target`'s /origins (probe_server); on_probed() goes on.
  void probe(pending_start p, const server_target& target);
  // Resolves `p`'s server and sends it, or ends the right feed with why it cannot run.
  void send(pending_start p, const std::vector<std::string>& listeners);
  void refuse(bool mixed, std::string why);
  // What start() and start_mixed() share, once their servers are named: the label, busy, and
  // the start message to the worker.
  void begin(std::string label, const std::string& message);
  void post(const std::string& text);

  std::string origin_;
  std::function<void()> settled_;
  bool busy_ = false;
  bool ready_ = false;
  std::vector<std::string> waiting_;  // posted before the worker said it is ready
  std::vector<std::string> origins_;
  std::optional<bool> embedded_available_;
  std::optional<pending_start> probing_;
  int probe_id_ = 0;
};

}  // namespace crawlbench::web
