#pragma once
// One HTTP/1.1 connection of the asio transport. It carries one exchange at a time: connects when
// it is not open (TCP only: https stays libcurl's), sends the request with Beast's serializer,
// reads the response with response_reader into a buffer it keeps for its whole life, and hands
// the outcome to its transport. Its transport may abort() the exchange (a timeout, a cancel);
// the operation in progress then ends with that reason. At most one asynchronous operation is
// pending at a time, so the transport may reuse the object once it has been handed back.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "crawlbench/clock.hpp"
#include "crawlbench/transport.hpp"
#include "response_reader.hpp"

namespace crawlbench::native {

class asio_transport;

class asio_connection {
 public:
  using endpoints = std::vector<boost::asio::ip::tcp::endpoint>;
  // The io_context's own executor, not Asio's type-erased any_io_executor: copying and destroying
  // that one in every operation was a tenth of the client's CPU at delay 0 (perf, here).
  using socket_type = boost::asio::basic_stream_socket<boost::asio::ip::tcp, boost::asio::io_context::executor_type>;

  // `origin`: the pool's key ("host:port"); `host`: the Host field's value (RFC 9110 §7.2).
  asio_connection(asio_transport& owner, boost::asio::io_context& io, const clock& time, std::string origin,
                  std::string host);
  asio_connection(const asio_connection&) = delete;
  asio_connection& operator=(const asio_connection&) = delete;

  // Starts the exchange of `t`: `target` is the request-target (RFC 9112 §3.2: "/add?..."),
  // `to` where to connect when the connection is not open. `id` names the exchange for abort().
  // Ends in the transport's finished(*this), exactly once; the response is then take_result()'s.
  void begin(transfer& t, std::string_view target, const endpoints& to, std::uint64_t id, clock::time_point started);
  // Ends the exchange in progress with `error` (timeout, cancelled, other) by closing the socket:
  // the pending operation completes with it. Does nothing when `id` is not the exchange in progress.
  void abort(std::uint64_t id, transfer_error error, std::string message);

  [[nodiscard]] transfer* current() const noexcept { return transfer_; }
  [[nodiscard]] std::uint64_t exchange() const noexcept { return exchange_; }
  // The exchange in progress's deadline (its start plus its request's timeout) and timeout; a
  // zero timeout means none.
  [[nodiscard]] clock::time_point deadline() const noexcept { return deadline_; }
  [[nodiscard]] clock::duration timeout() const noexcept { return timeout_; }
  // The finished exchange's response; the connection then carries no transfer.
  [[nodiscard]] response take_result() noexcept {
    transfer_ = nullptr;
    return std::move(result_);
  }
  // After finished(): the connection can carry another exchange (open, the response was
  // complete, and neither side asked to close, RFC 9112 §9.3).
  [[nodiscard]] bool reusable() const noexcept { return reusable_; }
  [[nodiscard]] const std::string& origin() const noexcept { return origin_; }
  // Makes a closed connection one to another origin (the transport keeps closed objects for their buffers).
  void retarget(std::string origin, std::string host);
  void close() noexcept;
  std::size_t position = 0;         // the transport's index of this connection in its busy list
  std::size_t deadlines_queued = 0;  // the transport's entries for it in its deadline heap
  clock::time_point earliest_queued = clock::time_point::max();  // of those entries, when known
  std::uint64_t idle_ticket = 0;  // the transport's, while it sits in a pool; 0 otherwise

 private:
  void prepare_message(const request& req, std::string_view target);
  void build_message(const request& req, std::string_view target);
  void serialize();
  void connect(const endpoints& to, std::size_t index = 0);
  void on_connect(const boost::system::error_code& ec, std::size_t index);
  void write();
  void on_write(const boost::system::error_code& ec);
  void read();
  void on_read(const boost::system::error_code& ec, std::size_t bytes);
  [[nodiscard]] bool parse();
  void on_eof();
  void end(transfer_error error, std::string message);
  void succeed(bool open);

  asio_transport& owner_;
  const clock& clock_;
  socket_type socket_;
  std::string origin_;
  std::string host_field_;  // Host's value for this origin
  endpoints addresses_;     // the origin's, tried in turn by connect()
  boost::beast::flat_buffer buffer_;  // kept for the connection's life: reads allocate nothing
  boost::beast::http::request<boost::beast::http::string_body> message_;
  std::string wire_;  // the request's bytes, sent in one write; its capacity kept
  std::string get_fields_;  // the last GET's header block (after its request-line); empty: none yet
  std::span<const std::string> headers_sent_{};  // the headers message_ holds already
  std::optional<response_reader> reader_;
  transfer* transfer_ = nullptr;
  response result_;
  std::uint64_t exchange_ = 0;
  clock::time_point deadline_{};
  clock::duration timeout_{};
  std::optional<std::pair<transfer_error, std::string>> aborted_;
  bool served_before_ = false;  // an earlier exchange used it: a dead connection here is retried
  bool sent_keep_alive_ = false;  // what the last request asked for (Connection: close or not)
  bool reusable_ = false;
};

}  // namespace crawlbench::native
