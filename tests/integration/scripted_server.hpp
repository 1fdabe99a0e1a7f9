#pragma once
// A misbehaving HTTP server for the crawler's fault tests: it listens on 127.0.0.1 (an ephemeral
// port), reads each request (its head, and its body by Content-Length), and answers however its
// script says (a 503, a wrong body, a trickle, a reset half-way, a close after K requests). One
// thread per connection; every wait is bounded, and the destructor stops everything.
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace crawlbench::test {

class scripted_server {
 public:
  // What to do with one request, its head read: write to `fd`, sleep, close as it likes. Return
  // true to keep the connection for another request.
  using script = std::function<bool(int fd)>;
  // One request as the script sees it: its place on its connection (1 for a fresh connection's
  // first), its head (request line and header lines) and its body.
  struct exchange {
    std::size_t on_connection = 0;
    std::string head;
    std::string body;
  };
  using exchange_script = std::function<bool(int fd, const exchange& request)>;

  // `idle_timeout`: a kept-alive connection with no request for that long is closed (FIN); zero
  // means never.
  explicit scripted_server(script answer, std::chrono::milliseconds idle_timeout = {})
      : scripted_server(exchange_script{[answer = std::move(answer)](int fd, const exchange&) { return answer(fd); }},
                        idle_timeout) {}
  explicit scripted_server(exchange_script answer, std::chrono::milliseconds idle_timeout = {})
      : answer_(std::move(answer)), idle_timeout_(idle_timeout) {
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (listener_ < 0 || ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(listener_, 1024) != 0 || ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      throw std::runtime_error("scripted_server: cannot listen on 127.0.0.1");
    }
    port_ = ntohs(address.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
  }
  ~scripted_server() {
    stopping_ = true;
    ::shutdown(listener_, SHUT_RDWR);
    acceptor_.join();
    ::close(listener_);
    std::vector<std::thread> connections;
    {
      const std::lock_guard lock{mutex_};
      for (const int fd : open_) ::shutdown(fd, SHUT_RDWR);  // unblocks the connections' reads
      connections.swap(connections_);
    }
    for (auto& t : connections) t.join();  // without the lock: each takes it to leave open_
  }
  scripted_server(const scripted_server&) = delete;
  scripted_server& operator=(const scripted_server&) = delete;

  [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  [[nodiscard]] std::size_t requests() const noexcept { return requests_.load(); }
  [[nodiscard]] std::size_t connections() const noexcept { return connections_accepted_.load(); }

  // Writes all of `bytes`; false if the peer is gone.
  static bool write_all(int fd, const std::string& bytes) {
    for (std::size_t sent = 0; sent < bytes.size();) {
      const auto n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<std::size_t>(n);
    }
    return true;
  }
  // Closes with a reset (SO_LINGER 0) instead of an orderly FIN.
  static void reset(int fd) {
    const linger abort{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort, sizeof abort);
    ::shutdown(fd, SHUT_RD);
  }

 private:
  void accept_loop() {
    while (!stopping_) {
      const int fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) return;  // shut down
      ++connections_accepted_;
      if (idle_timeout_ != std::chrono::milliseconds{}) {
        const timeval idle{static_cast<time_t>(idle_timeout_.count() / 1000),
                           static_cast<suseconds_t>(idle_timeout_.count() % 1000 * 1000)};
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &idle, sizeof idle);  // recv() gives up: the idle close
      }
      const std::lock_guard lock{mutex_};
      open_.push_back(fd);
      connections_.emplace_back([this, fd] { serve(fd); });
    }
  }
  void serve(int fd) {
    std::string received;
    exchange request;
    for (bool more = true; more && !stopping_;) {
      const auto head_end = read_until(fd, received, [&] { return received.find("\r\n\r\n"); });
      if (head_end == std::string::npos) break;
      const std::size_t body_bytes = content_length(received.substr(0, head_end));
      const std::size_t body_start = head_end + 4;
      if (read_until(fd, received, [&] {
            return received.size() >= body_start + body_bytes ? body_start : std::string::npos;
          }) == std::string::npos) {
        break;
      }
      request.head = received.substr(0, head_end);
      request.body = received.substr(body_start, body_bytes);
      received.erase(0, body_start + body_bytes);
      ++request.on_connection;
      ++requests_;
      more = answer_(fd, request);
    }
    const std::lock_guard lock{mutex_};  // off the list before the number can be reused
    std::erase(open_, fd);
    ::close(fd);
  }
  // Reads into `received` until `found()` is not npos (at most 64 kB): its value, or npos when the
  // peer closed, the idle timeout passed or the limit was reached.
  template <typename Found>
  static std::size_t read_until(int fd, std::string& received, Found found) {
    char buffer[4096];
    for (std::size_t at = found(); at == std::string::npos; at = found()) {
      if (received.size() >= 65536) return std::string::npos;
      const auto n = ::recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) return std::string::npos;
      received.append(buffer, static_cast<std::size_t>(n));
    }
    return found();
  }
  static std::size_t content_length(std::string head) {
    std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return std::tolower(c); });
    const auto at = head.find("\r\ncontent-length:");
    return at == std::string::npos ? 0 : std::strtoull(head.c_str() + at + 17, nullptr, 10);
  }

  exchange_script answer_;
  std::chrono::milliseconds idle_timeout_;
  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> requests_{0};
  std::atomic<std::size_t> connections_accepted_{0};
  std::thread acceptor_;
  std::mutex mutex_;
  std::vector<int> open_;
  std::vector<std::thread> connections_;
};

}  // namespace crawlbench::test
