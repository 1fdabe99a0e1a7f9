#pragma once
// The web UI's crawl runner: the crawl runs on the browser's one thread, driven by fetch
// completions and timers, not by frames. Each completion pumps the scheduler at once; a timer
// (emscripten_set_timeout) wakes it for the scheduler's next deadline. Frames only read the feed.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "crawlbench/detail/root.hpp"
#include "crawlbench/scheduler.hpp"
#include "crawlbench/ui/crawl_feed.hpp"
#include "fetch_transport.hpp"

namespace crawlbench::web {

class web_runner final : public ui::crawl_runner {
 public:
  // `origin`: this page's server, which "embedded" means on the web.
  explicit web_runner(std::string origin);
  ~web_runner() override;

  void start(std::vector<crawl_config> runs, bool embedded) override;
  void stop() override;
  [[nodiscard]] bool busy() const override { return busy_; }
  [[nodiscard]] ui::crawl_feed& feed() override { return feed_; }
  [[nodiscard]] std::string server_label() const override { return label_; }

 private:
  task<void> crawl(std::vector<crawl_config> runs);
  void pump();  // runs what is ready, then arms a timer for the next deadline
  static void on_timer(void* self);

  std::string origin_;
  real_clock clock_;
  scheduler sched_{clock_};
  fetch_transport transport_;
  ui::crawl_feed feed_;
  std::atomic<bool> stop_{false};
  bool busy_ = false;
  bool pumping_ = false;
  long timer_ = 0;  // emscripten timeout id; 0: none
  std::unique_ptr<crawlbench::detail::root<void>> root_;
  std::string label_;
};

}  // namespace crawlbench::web
