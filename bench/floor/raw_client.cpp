// The kernel's floor for a keep-alive HTTP/1.1 crawl on loopback: C connections, one send() and
// one recv() per request, no HTTP library and no parsing beyond "something came back". Whatever a
// real client spends above this figure is its own.
//
// Usage: bench_floor_raw PORT N C DELAY_MS    (against crawlbench-server on 127.0.0.1:PORT)

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "floor_report.hpp"

namespace {

std::string request_for(long i, long delay_ms) {
  return "GET /add?name=raw" + std::to_string(i) + "&delay=" + std::to_string(delay_ms) +
         " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: */*\r\n\r\n";
}

bool send_all(int fd, const std::string& bytes) {
  return ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s PORT N C DELAY_MS\n", argv[0]);
    return 2;
  }
  const int port = std::atoi(argv[1]);
  const long total = std::atol(argv[2]);
  const long concurrency = std::atol(argv[3]);
  const long delay_ms = std::atol(argv[4]);
  if (port <= 0 || total <= 0 || concurrency <= 0 || delay_ms < 0) {
    std::fprintf(stderr, "bad arguments\n");
    return 2;
  }

  sockaddr_in server{};
  server.sin_family = AF_INET;
  server.sin_port = htons(static_cast<std::uint16_t>(port));
  server.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

  const int epoll_fd = ::epoll_create1(EPOLL_CLOEXEC);
  const crawlbench::bench::floor_meter meter;
  long sent = 0;
  long done = 0;
  std::vector<int> sockets;
  for (long i = 0; i < concurrency && sent < total; ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (fd < 0 || ::connect(fd, reinterpret_cast<const sockaddr*>(&server), sizeof server) != 0 ||
        !send_all(fd, request_for(sent++, delay_ms))) {
      std::perror("connect");
      return 1;
    }
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = fd;
    ::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &event);
    sockets.push_back(fd);
  }

  std::array<char, 4096> buffer;
  std::array<epoll_event, 256> events;
  while (done < total) {
    const int n = ::epoll_wait(epoll_fd, events.data(), static_cast<int>(events.size()), 5000);
    if (n <= 0) {
      std::fprintf(stderr, "no progress for 5 s after %ld responses\n", done);
      return 1;
    }
    for (int i = 0; i < n; ++i) {
      const int fd = events[static_cast<std::size_t>(i)].data.fd;
      // The server's responses are a few hundred bytes: one recv() holds a whole one.
      if (::recv(fd, buffer.data(), buffer.size(), 0) <= 0) {
        std::fprintf(stderr, "the server closed a connection\n");
        return 1;
      }
      ++done;
      if (sent < total && !send_all(fd, request_for(sent++, delay_ms))) return 1;
    }
  }
  meter.report("raw sockets", total, concurrency);
  for (const int fd : sockets) ::close(fd);
  ::close(epoll_fd);
  return 0;
}
