#include "routes.hpp"

#include <charconv>
#include <string_view>

namespace crawlbench::server {

namespace {
std::optional<std::string> percent_decode(std::string_view in, bool plus_is_space) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else if (c == '%') {
      if (i + 2 >= in.size()) return std::nullopt;
      int value = 0;
      const auto [ptr, ec] = std::from_chars(in.data() + i + 1, in.data() + i + 3, value, 16);
      if (ec != std::errc{} || ptr != in.data() + i + 3) return std::nullopt;
      out.push_back(static_cast<char>(value));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// Python's int() on the book's server: surrounding blanks and a sign allowed, digits only.
std::optional<std::int64_t> parse_integer(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  std::int64_t value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

// HEAD asks for what GET would answer (RFC 9110 §9.3.2), so it takes GET's route everywhere.
bool get_or_head(const request_t& req) { return req.method() == http::verb::get || req.method() == http::verb::head; }

std::string_view path_of(std::string_view target) { return target.substr(0, target.find('?')); }

response_t method_not_allowed(const request_t& req, const char* allow) {
  auto res = error_response(req, http::status::method_not_allowed, "Method Not Allowed");
  res.set(http::field::allow, allow);
  return res;
}

// A web-root-relative path, or nothing when it tries to leave the root or is malformed.
std::optional<std::string> safe_relative_path(std::string_view raw_path) {
  auto path = percent_decode(raw_path, false);
  if (!path || path->empty() || path->front() != '/') return std::nullopt;
  if (path->find('\0') != std::string::npos || path->find('\\') != std::string::npos) return std::nullopt;
  std::string_view rest = *path;
  while (!rest.empty()) {
    rest.remove_prefix(1);  // the '/'
    const auto segment = rest.substr(0, rest.find('/'));
    if (segment == "..") return std::nullopt;
    // An empty segment ("//etc/passwd") would make the relative path absolute, and joining it to
    // the web root would then drop the root (std::filesystem's operator/). Found by fuzzing.
    if (segment.empty() && segment.data() != path->data() + path->size()) return std::nullopt;
    rest.remove_prefix(segment.size());
  }
  std::string relative = path->substr(1);
  if (relative.empty() || relative.back() == '/') relative += "index.html";
  return relative;
}

// The answer to a CORS preflight (Fetch standard, "CORS-preflight fetch"), on any path.
response_t preflight_response(const request_t& req) {
  auto res = make_response(req, http::status::no_content, "", "text/plain");
  res.set(http::field::access_control_allow_methods, "GET, HEAD, POST, OPTIONS");
  res.set(http::field::access_control_allow_headers, "*");
  res.set(http::field::access_control_max_age, "86400");
  // Chromium's superseded Private Network Access preflight (before Local Network Access, 142)
  // asked for this answer; echoed only when asked, as that draft's servers did. Harmless now.
  if (req["Access-Control-Request-Private-Network"] == "true") res.set("Access-Control-Allow-Private-Network", "true");
  return res;
}
}  // namespace

std::optional<std::string> query_argument(std::string_view target, std::string_view key) {
  const auto question = target.find('?');
  if (question == std::string_view::npos) return std::nullopt;
  std::string_view query = target.substr(question + 1);
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const auto eq = pair.find('=');
    const auto name = percent_decode(pair.substr(0, eq), true);
    if (name && *name == key) {
      return eq == std::string_view::npos ? std::optional<std::string>("") : percent_decode(pair.substr(eq + 1), true);
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

response_t make_response(const request_t& req, http::status status, std::string body, const char* content_type) {
  response_t res{status, req.version()};
  res.set(http::field::server, "crawlbench");
  res.set(http::field::content_type, content_type);
  res.set(http::field::access_control_allow_origin, "*");
  // Lets a page on another origin read this answer's Resource Timing details (W3C Resource Timing §4.5).
  res.set("Timing-Allow-Origin", "*");
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

void answer_for_method(response_t& res, http::verb method) {
  if (method != http::verb::head) return;
  const auto length = res.body().size();
  res.body().clear();
  res.content_length(length);  // what GET would have sent, as RFC 9110 §8.6 allows for HEAD
}

std::string_view answer_for_method(std::string_view message, http::verb method) noexcept {
  if (method != http::verb::head) return message;
  return message.substr(0, message.find("\r\n\r\n") + 4);
}

std::string_view dot_response(unsigned version, bool keep_alive) noexcept {
#define CRAWLBENCH_DOT_HEADERS                                                          \
  "Server: crawlbench\r\nContent-Type: text/html; charset=UTF-8\r\n"                  \
  "Access-Control-Allow-Origin: *\r\nTiming-Allow-Origin: *\r\n"
  static constexpr std::string_view http11_keep = "HTTP/1.1 200 OK\r\n" CRAWLBENCH_DOT_HEADERS "Content-Length: 1\r\n\r\n.";
  static constexpr std::string_view http11_close =
      "HTTP/1.1 200 OK\r\n" CRAWLBENCH_DOT_HEADERS "Connection: close\r\nContent-Length: 1\r\n\r\n.";
  static constexpr std::string_view http10_keep =
      "HTTP/1.0 200 OK\r\n" CRAWLBENCH_DOT_HEADERS "Connection: keep-alive\r\nContent-Length: 1\r\n\r\n.";
  static constexpr std::string_view http10_close = "HTTP/1.0 200 OK\r\n" CRAWLBENCH_DOT_HEADERS "Content-Length: 1\r\n\r\n.";
#undef CRAWLBENCH_DOT_HEADERS
  if (version >= 11) return keep_alive ? http11_keep : http11_close;
  return keep_alive ? http10_keep : http10_close;
}

response_t error_response(const request_t& req, http::status status, const std::string& reason) {
  const std::string title = std::to_string(static_cast<unsigned>(status)) + ": " + reason;
  auto res = make_response(req, status, "<html><title>" + title + "</title><body>" + title + "</body></html>",
                           "text/html; charset=UTF-8");
  res.reason(reason);
  return res;
}

route route_request(const request_t& req, const route_limits& limits) {
  const std::string_view target = req.target();
  const std::string_view path = path_of(target);

  if (req.method() == http::verb::options) return reply_now{preflight_response(req)};

  if (path == "/add") {
    const bool is_get = get_or_head(req), is_post = req.method() == http::verb::post;
    if (!is_get && !is_post) return reply_now{method_not_allowed(req, "GET, HEAD, POST, OPTIONS")};
    // Python truthiness, as the book's `if self.get_argument("flush", False)`: any non-empty value.
    if (const auto flush = query_argument(target, "flush"); is_get && flush && !flush->empty()) return flush_metrics{};

    std::int64_t delay_ms = is_get ? limits.default_get_delay_ms : limits.default_post_delay_ms;
    if (const auto raw = query_argument(target, "delay")) {
      const auto parsed = parse_integer(*raw);
      if (!parsed) return reply_now{error_response(req, http::status::bad_request, "Invalid value for delay")};
      if (*parsed < 0) {
        return reply_now{error_response(req, http::status::bad_request, "Invalid value for delay: must not be negative")};
      }
      if (*parsed > limits.max_delay_ms) {
        return reply_now{error_response(req, http::status::bad_request,
                                        "Invalid value for delay: above the maximum of " +
                                            std::to_string(limits.max_delay_ms) + " ms")};
      }
      delay_ms = *parsed;
    }
    auto name = query_argument(target, "name");
    if (is_post) return sleep_then_echo{name.value_or("post"), std::chrono::milliseconds(delay_ms), req.body()};
    if (!name) return reply_now{error_response(req, http::status::bad_request, "Missing argument name")};
    return sleep_then_dot{std::move(*name), std::chrono::milliseconds(delay_ms)};
  }

  if (path == "/metrics") {
    if (!get_or_head(req)) return reply_now{method_not_allowed(req, "GET, HEAD, OPTIONS")};
    return show_metrics{query_argument(target, "name")};
  }

  if (path == "/origins") {
    if (!get_or_head(req)) return reply_now{method_not_allowed(req, "GET, HEAD, OPTIONS")};
    return show_origins{};
  }

  if (path == "/healthz") {
    if (!get_or_head(req)) return reply_now{method_not_allowed(req, "GET, HEAD, OPTIONS")};
    return reply_now{make_response(req, http::status::ok, "ok\n", "text/plain")};
  }

  if (!get_or_head(req)) {
    return reply_now{error_response(req, http::status::not_found, "Not Found")};
  }
  auto relative = safe_relative_path(path);
  if (!relative) return reply_now{error_response(req, http::status::bad_request, "Invalid path")};
  return static_file{std::move(*relative)};
}

}  // namespace crawlbench::server
