#pragma once
// The native GUI's crawl runner: the crawl runs on a thread of its own (libcurl's loop), the
// embedded delay server in a child process, and the UI thread only reads what the feed collected.

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "crawlbench/ui/crawl_feed.hpp"
#include "curl_transport.hpp"
#include "target_starter.hpp"

namespace crawlbench::gui {

class thread_runner final : public ui::crawl_runner {
 public:
  thread_runner() = default;
  ~thread_runner() override;  // stops the crawl and waits for its thread
  thread_runner(const thread_runner&) = delete;
  thread_runner& operator=(const thread_runner&) = delete;

  void start(std::vector<crawl_config> runs) override;
  void stop() override;
  [[nodiscard]] bool busy() const override { return busy_.load(); }
  [[nodiscard]] ui::crawl_feed& feed() override { return feed_; }
  [[nodiscard]] std::string server_label() const override { return label_; }

  // The CPU + I/O workload with real bcrypt; threaded gets a CPU thread of its own.
  void start_mixed(ui::mixed_request request) override;
  [[nodiscard]] std::string mixed_cpu_name(int cost) const override { return "bcrypt cost " + std::to_string(cost); }

 private:
  void crawl(std::vector<crawl_config> runs, const stop_token& stop);  // the crawl thread
  void work_mixed(ui::mixed_request request, const stop_token& stop);  // the CPU + I/O workload's thread
  // Runs `body(stop token)` on the worker thread (busy until it returns), with a fresh stop_source
  // for stop(); joins the last one first.
  template <typename Body>
  void launch(Body body);

  ui::crawl_feed feed_;
  std::thread thread_;
  std::atomic<bool> busy_{false};
  stop_source stop_;  // the UI thread's: replaced by launch(), requested by stop()
  native::target_starter servers_;  // the embedded server, started by the first embedded run and kept
  std::string label_;
};

}  // namespace crawlbench::gui
