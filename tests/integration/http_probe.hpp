#pragma once
// A deliberately small HTTP/1.1 client on POSIX sockets for the integration tests: it sends the
// bytes it is told to (well-formed or not) to 127.0.0.1 and reads answers with a deadline.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace crawlbench::test {

struct http_answer {
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
  explicit connection(std::uint16_t port);  // connects to 127.0.0.1:port, throws on failure
  connection(connection&& other) noexcept;
  connection& operator=(connection&&) = delete;
  ~connection();

  // False when the peer closed the connection before taking everything (it may still have answered).
  bool send(const std::string& bytes);
  // One response (Content-Length framed), or nothing if the peer closed or the deadline passed.
  std::optional<http_answer> receive(std::chrono::milliseconds deadline = std::chrono::seconds(10));
  // True once the peer has closed the connection (reads EOF within the deadline).
  bool closed_by_peer(std::chrono::milliseconds deadline);
  [[nodiscard]] int fd() const noexcept { return fd_; }

 private:
  int fd_ = -1;
  std::string pending_;
};

// A GET (or another method) on a fresh connection that asks to close.
http_answer request(std::uint16_t port, const std::string& target, const std::string& method = "GET",
                    const std::string& body = "", const std::string& extra_headers = "");

}  // namespace crawlbench::test
