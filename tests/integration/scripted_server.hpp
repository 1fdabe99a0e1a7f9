#pragma once
// A misbehaving HTTP server for the crawler's fault tests: it listens on 127.0.0.1 (an ephemeral
// port), reads each request's head, and answers however its script says (a 503, a wrong body, a
// trickle, a reset half-way). One thread per connection; every wait is bounded, and the destructor
// stops everything.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
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

  explicit scripted_server(script answer) : answer_(std::move(answer)) {
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
      const std::lock_guard lock{mutex_};
      open_.push_back(fd);
      connections_.emplace_back([this, fd] { serve(fd); });
    }
  }
  void serve(int fd) {
    std::string head;
    char buffer[4096];
    for (bool more = true; more && !stopping_;) {
      // One request head (these tests send no bodies), at most 64 kB.
      while (head.find("\r\n\r\n") == std::string::npos && head.size() < 65536) {
        const auto n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) {
          more = false;
          break;
        }
        head.append(buffer, static_cast<std::size_t>(n));
      }
      if (!more) break;
      head.erase(0, head.find("\r\n\r\n") + 4);
      ++requests_;
      more = answer_(fd);
    }
    const std::lock_guard lock{mutex_};  // off the list before the number can be reused
    std::erase(open_, fd);
    ::close(fd);
  }

  script answer_;
  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> requests_{0};
  std::thread acceptor_;
  std::mutex mutex_;
  std::vector<int> open_;
  std::vector<std::thread> connections_;
};

}  // namespace crawlbench::test
