#include "asio_connection.hpp"

#include <boost/asio/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/buffers_range.hpp>
#include <boost/beast/http/serializer.hpp>

#include <cerrno>

#include "asio_transport.hpp"

namespace crawlbench::native {

namespace http = boost::beast::http;
using boost::system::error_code;

namespace {
constexpr std::size_t read_size = 4096;  // bytes asked of each read: a delay server's whole answer

// A socket that could not be opened for want of descriptors is the transport's
// too_many_connections, as libcurl's CURLE_COULDNT_CONNECT with EMFILE is; any other connect
// failure is a refused connection (CURLE_COULDNT_CONNECT).
transfer_error connect_error(const error_code& ec) {
  const bool no_descriptor = ec == boost::system::errc::too_many_files_open ||
                             ec == boost::system::errc::too_many_files_open_in_system;
  return no_descriptor ? transfer_error::too_many_connections : transfer_error::connection_refused;
}

// A request header line, "Name: value", split into its parts (request_headers.hpp checked it).
std::pair<std::string_view, std::string_view> field_of(std::string_view line) {
  const auto colon = line.find(':');
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  return {line.substr(0, colon), value};
}
}  // namespace

asio_connection::asio_connection(asio_transport& owner, boost::asio::io_context& io, const clock& time,
                                 std::string origin, std::string host)
    : owner_(owner), clock_(time), socket_(io.get_executor()), origin_(std::move(origin)), host_field_(std::move(host)) {}

void asio_connection::retarget(std::string origin, std::string host) {
  origin_ = std::move(origin);
  host_field_ = std::move(host);
  get_fields_.clear();
  served_before_ = false;
}

void asio_connection::begin(transfer& t, std::string_view target, const endpoints& to, std::uint64_t id,
                            clock::time_point started) {
  transfer_ = &t;
  exchange_ = id;
  timeout_ = t.req().options.timeout;
  deadline_ = started + timeout_;
  aborted_.reset();
  reusable_ = false;
  result_ = response{};
  result_.started = started;
  if (socket_.is_open()) {
    result_.connection = connection_use::reused;
    result_.reused_connection = served_before_;
    prepare_message(t.req(), target);
    return write();
  }
  connect(to);  // first: the handshake goes on while the request is built
  prepare_message(t.req(), target);
}

// The request's bytes in wire_. A GET like the connection's last one (same header lines, same
// keep-alive) reuses the header block Beast serialized then, after a new request-line (RFC 9112
// §3: method SP request-target SP HTTP-version CRLF): the serializer's buffer walk was a tenth of
// the client's CPU at delay 0 (perf, here). Anything else is built and serialized whole.
void asio_connection::prepare_message(const request& req, std::string_view target) {
  const bool keep_alive = req.options.reuse == connection_reuse::pooled;
  const bool same_headers =
      req.options.headers.data() == headers_sent_.data() && req.options.headers.size() == headers_sent_.size();
  const bool plain_get = req.method == http_method::get && req.body.empty();
  if (plain_get && !get_fields_.empty() && keep_alive == sent_keep_alive_ && same_headers) {
    wire_.assign("GET ").append(target).append(" HTTP/1.1\r\n").append(get_fields_);
    return;
  }
  sent_keep_alive_ = keep_alive;
  headers_sent_ = req.options.headers;
  build_message(req, target);
  serialize();
  get_fields_.clear();
  if (plain_get) get_fields_.assign(wire_, wire_.find("\r\n") + 2);
}

// message_ from scratch: Host (RFC 9110 §7.2), Accept and, for a POST, Content-Type as libcurl
// sends them; the request's own header lines replace a default of the same name, and a name
// given twice is sent twice. A fresh request asks the server to close (Connection: close, RFC
// 9112 §9.6), so the server side of the connection, not ours, keeps the TIME_WAIT.
void asio_connection::build_message(const request& req, std::string_view target) {
  const bool post = req.method == http_method::post;
  message_ = {};
  message_.version(11);
  message_.method(post ? http::verb::post : http::verb::get);
  message_.target(target);
  message_.set(http::field::host, host_field_);
  message_.set(http::field::accept, "*/*");
  if (post) message_.set(http::field::content_type, "application/x-www-form-urlencoded");
  for (const auto& line : req.options.headers) message_.erase(field_of(line).first);
  for (const auto& line : req.options.headers) {
    const auto [name, value] = field_of(line);
    message_.insert(name, value);
  }
  message_.body() = req.body;
  message_.keep_alive(sent_keep_alive_);
  message_.prepare_payload();
}

// The request's bytes, as Beast's serializer gives them, into one buffer: a single write then
// sends them, instead of Beast's composed write walking its buffer views at every step.
void asio_connection::serialize() {
  wire_.clear();
  http::request_serializer<http::string_body> serializer{message_};
  error_code ec;
  while (!ec && !serializer.is_done()) {
    serializer.next(ec, [this, &serializer](error_code&, const auto& buffers) {
      std::size_t bytes = 0;
      for (const auto piece : boost::beast::buffers_range_ref(buffers)) {
        wire_.append(static_cast<const char*>(piece.data()), piece.size());
        bytes += piece.size();
      }
      serializer.consume(bytes);
    });
  }
}

// Each of the origin's addresses in turn until one accepts. Not Asio's range async_connect: it
// reports a socket it could not open (EMFILE) as operation_aborted, and that must stay
// too_many_connections.
void asio_connection::connect(const endpoints& to, std::size_t index) {
  if (index == 0) addresses_ = to;
  socket_.async_connect(addresses_[index], [this, index](const error_code& ec) { on_connect(ec, index); });
}

void asio_connection::on_connect(const error_code& ec, std::size_t index) {
  if (aborted_) return end(aborted_->first, aborted_->second);
  if (ec && connect_error(ec) == transfer_error::connection_refused && index + 1 < addresses_.size()) {
    close();
    return connect(addresses_, index + 1);
  }
  if (ec) return end(connect_error(ec), "connect: " + ec.message());
  error_code ignored;
  socket_.set_option(boost::asio::ip::tcp::no_delay(true), ignored);  // as libcurl: the request is one write
  result_.connection = connection_use::opened;
  result_.connected = clock_.now();
  served_before_ = false;
  owner_.opened();
  write();
}

void asio_connection::write() {
  boost::asio::async_write(socket_, boost::asio::buffer(wire_), [this](const error_code& ec, std::size_t) { on_write(ec); });
}

void asio_connection::on_write(const error_code& ec) {
  if (aborted_) return end(aborted_->first, aborted_->second);
  if (ec) return end(transfer_error::connection_reset, "send: " + ec.message());
  reader_.emplace(result_);
  read();
}

void asio_connection::read() {
  socket_.async_read_some(buffer_.prepare(read_size), [this](const error_code& ec, std::size_t n) { on_read(ec, n); });
}

void asio_connection::on_read(const error_code& ec, std::size_t bytes) {
  if (aborted_) return end(aborted_->first, aborted_->second);
  if (ec == boost::asio::error::eof) return on_eof();
  if (ec) return end(transfer_error::connection_reset, "recv: " + ec.message());
  if (!result_.answer_started) {
    result_.answer_started = true;
    result_.first_byte = clock_.now();
  }
  buffer_.commit(bytes);
  if (parse()) read();
}

// Puts what the buffer holds into the parser; true when the response needs more bytes. A 1xx
// interim response (RFC 9110 §15.2) is skipped: the final one follows on the same connection.
bool asio_connection::parse() {
  for (;;) {
    error_code ec;
    const std::size_t used = reader_->put(buffer_.data(), ec);
    buffer_.consume(used);
    if (ec == http::error::need_more) return true;
    if (ec) return end(transfer_error::other, "bad response: " + ec.message()), false;
    if (!reader_->is_done()) {
      if (used == 0 || buffer_.size() == 0) return true;  // the rest of the body is still on its way
      continue;
    }
    if (result_.status == 101) {
      return end(transfer_error::other, "the server switched protocols (101): crawlbench speaks HTTP/1.1 only"), false;
    }
    if (result_.status >= 100 && result_.status < 200) {
      result_.status = 0;
      reader_.emplace(result_);
      continue;
    }
    return succeed(true), false;
  }
}

// The server closed: the end of a body delimited by the close (RFC 9112 §6.3, rule 8), or a
// response cut short (libcurl's CURLE_GOT_NOTHING or CURLE_PARTIAL_FILE).
void asio_connection::on_eof() {
  error_code ec;
  if (result_.answer_started) reader_->put_eof(ec);
  if (result_.answer_started && !ec && reader_->is_done()) return succeed(false);
  end(transfer_error::connection_reset,
      result_.answer_started ? "the server closed the connection before the response ended"
                             : "the server closed the connection without a response");
}

// `open`: the connection is still open (a body the close ended leaves it closed). Bytes past the
// response (nothing asked for them) would be read as the next one's: it is then not reused.
void asio_connection::succeed(bool open) {
  served_before_ = true;
  reusable_ = open && sent_keep_alive_ && reader_->keep_alive() && buffer_.size() == 0;
  if (!reusable_) close();
  result_.done = clock_.now();
  owner_.finished(*this);
}

void asio_connection::end(transfer_error error, std::string message) {
  close();
  result_.error = error;
  result_.error_message = std::move(message);
  result_.done = clock_.now();
  if (result_.first_byte == clock::time_point{}) result_.first_byte = result_.done;
  reusable_ = false;
  owner_.finished(*this);
}

void asio_connection::abort(std::uint64_t id, transfer_error error, std::string message) {
  if (id != exchange_ || transfer_ == nullptr || aborted_) return;
  aborted_.emplace(error, std::move(message));
  close();  // the pending operation completes with operation_aborted, then sees aborted_
}

void asio_connection::close() noexcept {
  error_code ignored;
  socket_.close(ignored);
  buffer_.clear();
}

}  // namespace crawlbench::native
