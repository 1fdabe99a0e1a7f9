#pragma once
// What a running crawl tells the UI: requests issued and finished, runs started and ended. The
// crawl's thread pushes (a mutex held for one push_back), the UI takes everything once a frame (the
// mutex held for a swap), so the UI never blocks the crawl for longer than that. On the web both
// sides are on the one thread and the mutex costs nothing.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "crawlbench/crawl.hpp"
#include "crawlbench/result.hpp"
#include "crawlbench/ui/mixed_feed.hpp"

namespace crawlbench::ui {

class crawl_feed {
 public:
  struct request_event {
    std::uint32_t run = 0;
    std::uint32_t index = 0;
    bool finished = false;  // false: issued at `s.started`
    span s;
  };
  struct run_start {
    std::size_t run = 0;
    std::chrono::steady_clock::time_point at;
  };
  struct run_end {
    std::size_t run = 0;
    strategy_result result;
    double client_cpu_us_per_request = 0;
    std::string failure;  // the run could not be carried out at all (e.g. no transport); else empty
  };
  struct batch {
    std::vector<run_start> started;
    std::vector<request_event> requests;
    std::vector<run_end> ended;
    bool all_done = false;
    std::string error;  // the crawl could not start (e.g. the embedded server did not)

    void clear() noexcept;  // empties it, keeping the vectors' capacity
  };

  // The crawl's side.
  void run_started(std::size_t run);
  // Before run `run`: after a Stop, reports it as not run and says false; else run_started().
  [[nodiscard]] bool run_starting(std::size_t run, const stop_token& stop);
  void issued(std::size_t run, std::size_t index, clock::duration at);
  void finished(std::size_t run, std::size_t index, const span& s);
  void run_ended(run_end end);
  void all_done(std::string error = {});

  // The UI's side: everything since the last call, swapped into `into` (cleared first). Passing
  // the same batch every frame ping-pongs two sets of vectors: no allocation once they are big
  // enough.
  void take(batch& into);

 private:
  std::mutex mutex_;
  batch pending_;
};

// Hands one run's requests to the feed, and the user's Stop to the crawl.
class feed_observer final : public crawl_observer {
 public:
  feed_observer(crawl_feed& feed, std::size_t run) noexcept : feed_(feed), run_(run) {}
  void on_issued(std::size_t index, clock::duration issued) override { feed_.issued(run_, index, issued); }
  void on_finished(std::size_t index, const span& s) override { feed_.finished(run_, index, s); }

 private:
  crawl_feed& feed_;
  std::size_t run_;
};

// Runs crawls for the UI somewhere that does not block it: a thread natively, the browser's event
// loop on the web. Every method is called from the UI's thread.
class crawl_runner {
 public:
  virtual ~crawl_runner() = default;
  // Crawls `runs` one after another. A config whose server is embedded crawls a delay server of
  // the runner's own, which the runner starts (natively a child process; the page's own server
  // on the web) and names in the config once (server_target::started_at).
  virtual void start(std::vector<crawl_config> runs) = 0;
  // Asks the crawl to stop: in-flight requests are cancelled, later ones not sent.
  virtual void stop() = 0;
  [[nodiscard]] virtual bool busy() const = 0;
  [[nodiscard]] virtual crawl_feed& feed() = 0;
  // The server the last start() crawled, for display: "http://127.0.0.1:40123 (embedded)".
  [[nodiscard]] virtual std::string server_label() const = 0;
  // Every listener of the embedded server, the first being the one crawled by default: a browser
  // spreads requests over them (crawl_config::mirrors). Empty where that does not matter.
  [[nodiscard]] virtual std::vector<std::string> origins() const { return {}; }
  // Connections a browser allows per origin; 0: no such cap (native).
  [[nodiscard]] virtual std::size_t per_origin_cap() const { return 0; }

  // The CPU + I/O workload (mixed.hpp), its news in mixed_news(); stop() stops it too. Runners
  // that cannot run it say why in the feed's all_done error.
  virtual void start_mixed(mixed_request request) {
    static_cast<void>(request);
    mixed_news().all_done("the CPU + I/O workload cannot run here");
  }
  [[nodiscard]] mixed_feed& mixed_news() noexcept { return mixed_news_; }
  // The CPU work at `cost`, for the UI: "bcrypt cost 8".
  [[nodiscard]] virtual std::string mixed_cpu_name(int cost) const { return "cost " + std::to_string(cost); }
  // The modes this runner offers (threaded needs a second thread).
  [[nodiscard]] virtual std::vector<mixed_mode> mixed_modes() const { return {all_mixed_modes.begin(), all_mixed_modes.end()}; }

 private:
  mixed_feed mixed_news_;
};

}  // namespace crawlbench::ui
