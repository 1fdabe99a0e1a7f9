#pragma once
// The native transport: libcurl's multi *socket* interface (as in curl's multi-uv and hiperfifo
// examples) on an epoll loop that also pumps the core's scheduler. libcurl tells us which sockets
// to watch and when its timer is due; we tell it which sockets are ready. It scales to tens of
// thousands of concurrent transfers because nothing iterates over every handle.

#include <curl/curl.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "crawlbench/clock.hpp"
#include "crawlbench/scheduler.hpp"
#include "crawlbench/task.hpp"
#include "crawlbench/transport.hpp"

namespace crawlbench::native {

class curl_transport final : public transport {
 public:
  // Throws std::runtime_error when libcurl or epoll cannot be set up.
  explicit curl_transport(const clock& time);
  ~curl_transport() override;
  curl_transport(const curl_transport&) = delete;
  curl_transport& operator=(const curl_transport&) = delete;

  void start(transfer& t) override;
  [[nodiscard]] std::string_view name() const noexcept override { return "curl"; }

  // One turn of the loop: waits for socket events or curl's timer, but not past `wake_by` (the
  // scheduler's next deadline; nothing: no limit; a past time: do not wait), hands what happened
  // to libcurl, and completes the transfers that finished.
  void poll(std::optional<clock::time_point> wake_by);

  [[nodiscard]] std::size_t in_flight() const noexcept { return in_flight_; }

 private:
  struct transfer_state;

  static int on_socket(CURL* easy, curl_socket_t socket, int what, void* self, void* socket_data);
  static int on_timer(CURLM* multi, long timeout_ms, void* self);
  static std::size_t on_body(char* data, std::size_t size, std::size_t count, void* state);

  void socket_action(curl_socket_t socket, int events);
  void complete_finished();
  CURL* take_easy_handle();

  const clock& clock_;
  CURLM* multi_ = nullptr;
  int epoll_fd_ = -1;
  std::optional<clock::time_point> curl_deadline_;  // libcurl's timer; nothing when disarmed
  std::size_t in_flight_ = 0;
  std::vector<CURL*> idle_handles_;
};

// Runs `root` to completion on the real clock, the curl transport's sockets being the only source
// of outside events. Returns its result or rethrows its exception.
template <typename T>
T run_on_curl(scheduler& sched, curl_transport& curl, task<T> root);

}  // namespace crawlbench::native

#include "curl_loop.hpp"
