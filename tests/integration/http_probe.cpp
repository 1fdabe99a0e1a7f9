#include "http_probe.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace crawlbench::test {

namespace {
std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool wait_readable(int fd, std::chrono::steady_clock::time_point until) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
  if (left.count() <= 0) return false;
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, static_cast<int>(left.count())) > 0;
}

// Parses one response from the front of `data` (its body too when `has_body`); nothing until it
// is complete.
std::optional<http_answer> parse(std::string& data, bool has_body) {
  const auto header_end = data.find("\r\n\r\n");
  if (header_end == std::string::npos) return std::nullopt;
  http_answer a;
  const auto first_line_end = data.find("\r\n");
  a.status_line = data.substr(0, first_line_end);
  a.status = std::stoi(a.status_line.substr(a.status_line.find(' ') + 1, 3));
  std::size_t pos = first_line_end + 2;
  while (pos < header_end) {
    const auto end = data.find("\r\n", pos);
    const std::string line = data.substr(pos, end - pos);
    const auto colon = line.find(':');
    std::string value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    a.headers[lower(line.substr(0, colon))] = value;
    pos = end + 2;
  }
  const std::size_t length =
      has_body && a.headers.count("content-length") ? std::stoul(a.headers["content-length"]) : 0;
  if (data.size() < header_end + 4 + length) return std::nullopt;
  a.body = data.substr(header_end + 4, length);
  data.erase(0, header_end + 4 + length);
  return a;
}
}  // namespace

connection::connection(std::uint16_t port, const std::string& address) {
  sockaddr_storage peer{};
  socklen_t peer_size = 0;
  if (auto* v4 = reinterpret_cast<sockaddr_in*>(&peer); ::inet_pton(AF_INET, address.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    peer_size = sizeof *v4;
  } else if (auto* v6 = reinterpret_cast<sockaddr_in6*>(&peer); ::inet_pton(AF_INET6, address.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    peer_size = sizeof *v6;
  } else {
    throw std::invalid_argument("not an IPv4 or IPv6 address: " + address);
  }
  fd_ = ::socket(peer.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&peer), peer_size) != 0) {
    const std::string reason = std::strerror(errno);
    ::close(fd_);
    fd_ = -1;
    throw std::runtime_error("connect to " + address + " port " + std::to_string(port) + ": " + reason);
  }
  const int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

connection::connection(connection&& other) noexcept : fd_(std::exchange(other.fd_, -1)), pending_(std::move(other.pending_)) {}

connection::~connection() {
  if (fd_ >= 0) ::close(fd_);
}

bool connection::send(const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EPIPE || errno == ECONNRESET)) return false;
    if (n < 0) throw std::runtime_error(std::string("send: ") + std::strerror(errno));
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

std::optional<http_answer> connection::receive(std::chrono::milliseconds deadline) { return receive_framed(deadline, true); }

std::optional<http_answer> connection::receive_head(std::chrono::milliseconds deadline) {
  return receive_framed(deadline, false);
}

std::optional<http_answer> connection::receive_framed(std::chrono::milliseconds deadline, bool has_body) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  for (;;) {
    if (auto a = parse(pending_, has_body)) return a;
    if (!wait_readable(fd_, until)) return std::nullopt;
    char buffer[65536];
    const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
    if (n <= 0) return parse(pending_, has_body);
    pending_.append(buffer, static_cast<std::size_t>(n));
  }
}

std::optional<std::string> connection::rest_until_closed(std::chrono::milliseconds deadline) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  for (;;) {
    if (!wait_readable(fd_, until)) return std::nullopt;
    char buffer[4096];
    const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
    if (n == 0 || (n < 0 && errno == ECONNRESET)) return std::exchange(pending_, {});
    if (n < 0) return std::nullopt;
    pending_.append(buffer, static_cast<std::size_t>(n));
  }
}

bool connection::closed_by_peer(std::chrono::milliseconds deadline) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  for (;;) {
    if (!wait_readable(fd_, until)) return false;
    char buffer[4096];
    const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
    if (n == 0 || (n < 0 && errno == ECONNRESET)) return true;
    if (n < 0) return false;
  }
}

http_answer request(std::uint16_t port, const std::string& target, const std::string& method, const std::string& body,
                    const std::string& extra_headers) {
  connection c{port};
  c.send(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + extra_headers +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  auto a = method == "HEAD" ? c.receive_head() : c.receive();
  if (!a) throw std::runtime_error("no answer to " + method + " " + target);
  return *a;
}

http_answer request_url(const std::string& base_url, const std::string& target) {
  const std::string scheme = "http://";
  if (base_url.rfind(scheme, 0) != 0) throw std::invalid_argument("not an http URL: " + base_url);
  const std::string authority = base_url.substr(scheme.size(), base_url.find('/', scheme.size()) - scheme.size());
  const auto colon = authority.rfind(':');
  const bool bracketed = !authority.empty() && authority.front() == '[';
  if (colon == std::string::npos || (bracketed && authority[colon - 1] != ']')) {
    throw std::invalid_argument("no port in " + base_url);
  }
  const std::string host = bracketed ? authority.substr(1, colon - 2) : authority.substr(0, colon);
  connection c{static_cast<std::uint16_t>(std::stoi(authority.substr(colon + 1))), host};
  c.send("GET " + target + " HTTP/1.1\r\nHost: " + authority + "\r\nConnection: close\r\n\r\n");
  auto a = c.receive();
  if (!a) throw std::runtime_error("no answer to GET " + base_url + target);
  return *a;
}

}  // namespace crawlbench::test
