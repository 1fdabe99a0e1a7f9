#pragma once
// The native transport: libcurl's multi *socket* interface (as in curl's multi-uv and hiperfifo
// examples) on an epoll loop that also pumps the core's scheduler. libcurl tells us which sockets
// to watch and when its timer is due; we tell it which sockets are ready. It scales to tens of
// thousands of concurrent transfers because nothing iterates over every handle.

#include <curl/curl.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crawlbench/clock.hpp"
#include "crawlbench/expected.hpp"
#include "crawlbench/scheduler.hpp"
#include "crawlbench/stop.hpp"
#include "crawlbench/task.hpp"
#include "crawlbench/transport.hpp"
#include "tls_trust.hpp"

struct epoll_event;

namespace crawlbench::native {

class curl_transport final : public transport {
 public:
  // Throws std::runtime_error (std::system_error for epoll and eventfd) when libcurl or epoll
  // cannot be set up.
  // Once `stop` is requested (from any thread), cancel_all() runs: a run's one way to stop.
  // `trust`: whose certificates https requests accept (tls_trust.hpp; checked by the caller).
  // Only http and https URLs are fetched (CURLOPT_PROTOCOLS_STR).
  explicit curl_transport(const clock& time, stop_token stop = {}, tls_trust trust = {});
  ~curl_transport() override;
  curl_transport(const curl_transport&) = delete;
  curl_transport& operator=(const curl_transport&) = delete;

  // A request libcurl cannot be set up for (an option it refuses, no memory for a handle) completes
  // at once with transfer_error::other and libcurl's message, naming the option; a code that means
  // a bug here (curl_multi_add_handle) fails it the same way and is thrown by the next poll().
  // Throws only when a new multi handle refuses an option (a bug), before anything is held.
  void start(transfer& t) override;
  [[nodiscard]] std::string_view name() const noexcept override { return "curl"; }

  // One turn of the loop: waits for socket events or curl's timer, but not past `wake_by` (the
  // scheduler's next deadline; nothing: no limit; a past time: do not wait), hands what happened
  // to libcurl, and completes the transfers that finished. When the socket callback could not
  // watch a socket (epoll_ctl failed, e.g. ENOSPC past fs.epoll.max_user_watches), libcurl gives
  // up every transfer of that multi handle: they complete with transfer_error::other and the
  // reason, and the shard gets a new multi handle. Throws for what means a bug here: an epoll or
  // eventfd error (std::system_error; EINTR is waited through), a CURLMcode other than
  // CURLM_BAD_SOCKET (std::runtime_error), or a failure met inside a libcurl callback
  // (std::logic_error, thrown once libcurl has returned: never through its C frames).
  void poll(std::optional<clock::time_point> wake_by);

  // After poll() threw: completes every transfer in flight, and every later one, with
  // transfer_error::other and `reason`, and frees every multi handle; poll() then only waits for
  // wake() and `wake_by`, and throws nothing. So the coroutines can finish before the loop owner
  // (run_on) rethrows. For good.
  void abandon(const std::string& reason);

  [[nodiscard]] std::size_t in_flight() const noexcept { return active_.size(); }

  // From any thread: makes a poll() that is waiting return (the scheduler's wake hook, for work
  // posted from another thread).
  void wake() noexcept;
  [[nodiscard]] std::size_t shards_in_use() const noexcept { return shards_.size(); }
  // Connections opened so far (libcurl's CURLINFO_NUM_CONNECTS summed over finished transfers): a
  // pooled crawl at concurrency C should open C, a fresh-connection crawl one per request.
  [[nodiscard]] std::size_t connections_opened() const noexcept { return connections_opened_; }
  // The message of the first request that failed as transfer_error::tls (libcurl's error buffer:
  // "SSL certificate problem: unable to get local issuer certificate"); empty when none did.
  [[nodiscard]] const std::string& first_tls_error() const noexcept { return first_tls_error_; }

  // libcurl looks for a reusable connection by walking every connection its multi handle has to
  // the host, so one multi handle with 10,000 connections spends O(C) per request. Transfers are
  // therefore spread over several multi handles ("shards"), a new one opened each time the
  // transfers in flight outgrow `per_shard` per shard. A new transfer goes to a shard where a
  // transfer just finished, whose keep-alive connection is idle: otherwise a pooled crawl would
  // open a connection in one shard while another shard's sits idle.
  static constexpr std::size_t per_shard = 256;
  static constexpr std::size_t max_shards = 64;

 private:
  // The stop_callback's (any thread): wakes the loop, which then completes every transfer in
  // flight and every later one with transfer_error::cancelled. For good.
  void cancel_all() noexcept;
  struct transfer_state;
  // What a libcurl callback could not do, kept until libcurl has returned (static strings only:
  // nothing inside a callback allocates or throws). `bug`: a code that means a mistake here.
  struct callback_failure {
    const char* call = nullptr;  // nothing: no failure
    const char* reason = nullptr;
    bool bug = false;
    [[nodiscard]] std::string message() const;
  };
  struct shard {
    curl_transport* owner;
    std::uint32_t index;
    CURLM* multi;
    std::optional<clock::time_point> deadline;  // libcurl's timer; nothing when disarmed
    callback_failure failure;                   // libcurl has then given up this multi handle's transfers
  };

  static int on_socket(CURL* easy, curl_socket_t socket, int what, void* shard, void* socket_data) noexcept;
  static int on_timer(CURLM* multi, long timeout_ms, void* shard) noexcept;
  static std::size_t on_body(char* data, std::size_t size, std::size_t count, void* state) noexcept;
  static int on_prereq(void* state, char* primary_ip, char* local_ip, int primary_port, int local_port) noexcept;
  static int socket_failed(shard& s, const char* call, const char* reason, bool bug) noexcept;

  void release() noexcept;
  shard* add_shard();
  bool set_up_multi(shard& s);
  shard& pick_shard();
  expected<void> configure(CURL* easy, const request& req, transfer_state* state);
  void check(const shard& s, CURLMcode code, const char* call) const;
  int wait_for_events(::epoll_event* events, int capacity, std::optional<clock::time_point> wake_by);
  [[nodiscard]] int wait_ms(std::optional<clock::time_point> wake_by) const;
  void drain_wake();
  void socket_action(shard& s, curl_socket_t socket, int events);
  void complete_finished(shard& s);
  static std::size_t record_connection(CURL* easy, response& r);
  void cancel_in_flight();
  void fail_shard(shard& s);
  void fail_at_once(std::unique_ptr<transfer_state> state, CURL* easy, transfer_error error, std::string message);
  void wait_abandoned(std::optional<clock::time_point> wake_by) noexcept;
  void finish(transfer_state* state, CURL* easy);
  void forget(transfer_state* state) noexcept;  // off active_, in O(1)
  CURL* take_easy_handle();
  void recycle(CURL* easy);

  const clock& clock_;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;  // an eventfd in the epoll set: wake() and cancel_all() write it
  std::atomic<bool> cancelled_{false};
  std::atomic<int> wake_errno_{0};
  std::optional<std::string> abandoned_;  // abandon()'s reason  // a write to wake_fd_ failed (a bug): poll() throws it
  std::vector<transfer_state*> active_;  // in flight; each state knows its position
  std::vector<std::unique_ptr<shard>> shards_;
  std::size_t next_shard_ = 0;
  std::vector<std::uint32_t> freed_shards_;  // shards with a connection just gone idle, most recent last
  std::size_t connections_opened_ = 0;
  tls_trust trust_;
  std::string first_tls_error_;
  std::vector<CURL*> idle_handles_;  // reset (curl_easy_reset): no option or count of a past transfer
  std::optional<stop_callback> on_stop_;  // last: registered once the rest is set up
};

}  // namespace crawlbench::native

#include "native_loop.hpp"
