// libcurl's floor: the least a libcurl multi-socket crawler can do per request (hiperfifo's shape
// on epoll, one multi handle, easy handles reused, keep-alive, the body thrown away, only the
// status checked). crawlbench's curl transport is measured against this figure, not against zero.
//
// Usage: bench_floor_curl URL N C DELAY_MS    (URL of crawlbench-server, e.g. http://127.0.0.1:8082)

#include <curl/curl.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "floor_report.hpp"

namespace {

struct loop {
  int epoll_fd = -1;
  CURLM* multi = nullptr;
  long timeout_ms = -1;  // libcurl's timer: -1 off, 0 now
  std::string base;
  long delay_ms = 0;
  long started = 0;
  long done = 0;
  long failed = 0;
};

int on_socket(CURL*, curl_socket_t socket, int what, void* opaque, void* socket_data) {
  auto& l = *static_cast<loop*>(opaque);
  if (what == CURL_POLL_REMOVE) {
    ::epoll_ctl(l.epoll_fd, EPOLL_CTL_DEL, socket, nullptr);
    return 0;
  }
  epoll_event event{};
  event.data.fd = socket;
  event.events = (what & CURL_POLL_IN ? EPOLLIN : 0u) | (what & CURL_POLL_OUT ? EPOLLOUT : 0u);
  if (socket_data) {
    ::epoll_ctl(l.epoll_fd, EPOLL_CTL_MOD, socket, &event);
  } else {
    ::epoll_ctl(l.epoll_fd, EPOLL_CTL_ADD, socket, &event);
    curl_multi_assign(l.multi, socket, &l);
  }
  return 0;
}

int on_timer(CURLM*, long timeout_ms, void* opaque) {
  static_cast<loop*>(opaque)->timeout_ms = timeout_ms;
  return 0;
}

std::size_t discard(char*, std::size_t size, std::size_t count, void*) { return size * count; }

void start(loop& l, CURL* easy) {
  const std::string url = l.base + "/add?name=curl" + std::to_string(l.started++) + "&delay=" + std::to_string(l.delay_ms);
  curl_easy_setopt(easy, CURLOPT_URL, url.c_str());  // libcurl copies it
  curl_multi_add_handle(l.multi, easy);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s URL N C DELAY_MS\n", argv[0]);
    return 2;
  }
  loop l;
  l.base = argv[1];
  const long total = std::atol(argv[2]);
  const long concurrency = std::atol(argv[3]);
  l.delay_ms = std::atol(argv[4]);
  if (total <= 0 || concurrency <= 0 || l.delay_ms < 0) {
    std::fprintf(stderr, "bad arguments\n");
    return 2;
  }

  curl_global_init(CURL_GLOBAL_DEFAULT);
  l.epoll_fd = ::epoll_create1(EPOLL_CLOEXEC);
  l.multi = curl_multi_init();
  curl_multi_setopt(l.multi, CURLMOPT_SOCKETFUNCTION, on_socket);
  curl_multi_setopt(l.multi, CURLMOPT_SOCKETDATA, &l);
  curl_multi_setopt(l.multi, CURLMOPT_TIMERFUNCTION, on_timer);
  curl_multi_setopt(l.multi, CURLMOPT_TIMERDATA, &l);
  curl_multi_setopt(l.multi, CURLMOPT_MAXCONNECTS, 100'000L);

  const crawlbench::bench::floor_meter meter;
  for (long i = 0; i < concurrency && l.started < total; ++i) {
    CURL* easy = curl_easy_init();
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_PROXY, "");
    start(l, easy);
  }

  std::array<epoll_event, 256> events;
  auto last_progress = std::chrono::steady_clock::now();
  int running = 0;
  while (l.done < total) {
    const int n = ::epoll_wait(l.epoll_fd, events.data(), static_cast<int>(events.size()),
                               l.timeout_ms < 0 ? 1000 : static_cast<int>(l.timeout_ms));
    for (int i = 0; i < n; ++i) {
      const auto& e = events[static_cast<std::size_t>(i)];
      const int mask = (e.events & EPOLLIN ? CURL_CSELECT_IN : 0) | (e.events & EPOLLOUT ? CURL_CSELECT_OUT : 0) |
                       (e.events & (EPOLLERR | EPOLLHUP) ? CURL_CSELECT_ERR : 0);
      curl_multi_socket_action(l.multi, e.data.fd, mask, &running);
    }
    if (n == 0) {
      l.timeout_ms = -1;
      curl_multi_socket_action(l.multi, CURL_SOCKET_TIMEOUT, 0, &running);
    }
    int left = 0;
    while (CURLMsg* message = curl_multi_info_read(l.multi, &left)) {
      if (message->msg != CURLMSG_DONE) continue;
      CURL* easy = message->easy_handle;
      long status = 0;
      curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
      if (message->data.result != CURLE_OK || status != 200) ++l.failed;
      curl_multi_remove_handle(l.multi, easy);
      ++l.done;
      last_progress = std::chrono::steady_clock::now();
      if (l.started < total) start(l, easy);
      else curl_easy_cleanup(easy);
    }
    if (std::chrono::steady_clock::now() - last_progress > std::chrono::seconds(5)) {
      std::fprintf(stderr, "no progress for 5 s after %ld responses\n", l.done);
      return 1;
    }
  }
  meter.report("minimal libcurl", total, concurrency);
  curl_multi_cleanup(l.multi);
  ::close(l.epoll_fd);
  curl_global_cleanup();
  if (l.failed > 0) {
    std::fprintf(stderr, "%ld requests failed\n", l.failed);
    return 1;
  }
  return 0;
}
