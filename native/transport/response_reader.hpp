#pragma once
// The asio transport's HTTP/1.1 response parser: Beast's basic_parser (RFC 9112 framing:
// Content-Length, chunked, or until the connection closes) with callbacks that write straight into
// crawlbench's response. No header is stored and the body is counted, not kept: the status, the
// first response::max_kept_body bytes (enough to check a delay server's answer) and body_bytes.
// A parser reads one response; the connection makes a new one (cheap: nothing is allocated) for
// the next.

#include <boost/beast/http/basic_parser.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>

#include "crawlbench/transport.hpp"

namespace crawlbench::native {

class response_reader final : public boost::beast::http::basic_parser<false> {
 public:
  // Fills `into` (status, body, body_bytes) as bytes are put(); `into` outlives the reader. Any
  // body size is counted (no body limit); a header block over 100 KiB (libcurl's
  // CURL_MAX_HTTP_HEADER) is Beast's header_limit error. Lines must end in CRLF: Beast refuses a
  // bare LF, which RFC 9112 §2.2 lets a recipient accept (libcurl does).
  explicit response_reader(response& into) noexcept : into_(into) {
    header_limit(max_header_bytes);
    body_limit(std::numeric_limits<std::uint64_t>::max());
    eager(true);  // put() parses the body that arrived with the header in the same call
  }

  static constexpr std::uint32_t max_header_bytes = 100 * 1024;

 private:
  using string_view = boost::beast::string_view;
  using error_code = boost::beast::error_code;

  void on_request_impl(boost::beast::http::verb, string_view, string_view, int, error_code&) override {}
  void on_response_impl(int code, string_view, int, error_code&) override { into_.status = code; }
  void on_field_impl(boost::beast::http::field, string_view, string_view, error_code&) override {}
  void on_header_impl(error_code&) override {}
  void on_body_init_impl(const boost::optional<std::uint64_t>&, error_code&) override {}
  std::size_t on_body_impl(string_view body, error_code&) override {
    keep(body);
    return body.size();
  }
  void on_chunk_header_impl(std::uint64_t, string_view, error_code&) override {}
  std::size_t on_chunk_body_impl(std::uint64_t, string_view body, error_code&) override {
    keep(body);
    return body.size();
  }
  void on_finish_impl(error_code&) override {}

  void keep(string_view body) {
    into_.body_bytes += body.size();
    if (into_.body.size() < response::max_kept_body) {
      into_.body.append(body.data(), std::min(body.size(), response::max_kept_body - into_.body.size()));
    }
  }

  response& into_;
};

}  // namespace crawlbench::native
