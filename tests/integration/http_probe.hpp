#pragma once
// A deliberately small HTTP/1.1 client on POSIX sockets for the integration tests: it sends the
// bytes it is told to (well-formed or not) to 127.0.0.1 (or another IPv4 or IPv6 address) and reads
// answers with a deadline.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace crawlbench::test {

struct http_answer {
  std::string status_line;  // "HTTP/1.1 200 OK": a stray byte before it shows here
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;

  [[nodiscard]] std::string header(const std::string& lower_case_name) const {
    const auto it = headers.find(lower_case_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

class connection {
 public:
  // Connects to address:port (an IPv4 or IPv6 literal, without brackets); throws on failure.
  explicit connection(std::uint16_t port, const std::string& address = "127.0.0.1");
  connection(connection&& other) noexcept;
  connection& operator=(connection&&) = delete;
  ~connection();

  // False when the peer closed the connection before taking everything (it may still have answered).
  bool send(const std::string& bytes);
  // One response (Content-Length framed), or nothing if the peer closed or the deadline passed.
  std::optional<http_answer> receive(std::chrono::milliseconds deadline = std::chrono::seconds(10));
  // One answer to HEAD: the header section alone, whatever Content-Length says (RFC 9110 §9.3.2).
  std::optional<http_answer> receive_head(std::chrono::milliseconds deadline = std::chrono::seconds(10));
  // Every byte still unread when the peer closes (nothing is lost), or nothing at the deadline.
  std::optional<std::string> rest_until_closed(std::chrono::milliseconds deadline);
  // True once the peer has closed the connection (reads EOF within the deadline).
  bool closed_by_peer(std::chrono::milliseconds deadline);
  [[nodiscard]] int fd() const noexcept { return fd_; }

 private:
  std::optional<http_answer> receive_framed(std::chrono::milliseconds deadline, bool has_body);

  int fd_ = -1;
  std::string pending_;
};

// A GET of `target` at `base_url` ("http://127.0.0.1:PORT", "http://[::1]:PORT"), its address and port
// read from the URL as a client reads them, brackets and all; throws when the URL has no port.
http_answer request_url(const std::string& base_url, const std::string& target);

// A GET (or another method; HEAD reads no body) on a fresh connection to 127.0.0.1 that asks to close.
http_answer request(std::uint16_t port, const std::string& target, const std::string& method = "GET",
                    const std::string& body = "", const std::string& extra_headers = "");

}  // namespace crawlbench::test
