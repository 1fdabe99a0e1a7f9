// The delay server's request handling, from the bytes a client sends: Beast's parser with the
// session's limits, then the router, then the serialised answer. Nothing may crash, and every
// request the parser accepts gets a route (a 4xx at worst) whose answer serialises.
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string_view>
#include <variant>

#include "routes.hpp"

namespace {
namespace http = boost::beast::http;
using namespace crawlbench::server;

template <class... F>
struct overloaded : F... {
  using F::operator()...;
};
template <class... F>
overloaded(F...) -> overloaded<F...>;
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  http::request_parser<http::string_body> parser;
  parser.header_limit(16 * 1024);  // the session's limits (session.cpp)
  parser.body_limit(1024 * 1024);
  parser.eager(true);
  boost::system::error_code ec;
  std::size_t used = 0;
  while (used < bytes.size() && !parser.is_done()) {
    const auto n = parser.put(boost::asio::buffer(bytes.data() + used, bytes.size() - used), ec);
    if (ec == http::error::need_more) break;
    if (ec || n == 0) return 0;  // a parse error: the session answers 400 and closes
    used += n;
  }
  if (!parser.is_done()) return 0;
  const auto& req = parser.get();
  route_limits limits;
  const auto r = route_request(req, limits);
  std::visit(overloaded{
                 [](const reply_now& now) {
                   std::ostringstream out;
                   out << now.response;  // must serialise
                   if (now.response.result_int() < 200 || now.response.result_int() > 599) __builtin_trap();
                 },
                 [&](const sleep_then_dot& s) {
                   if (s.delay.count() < 0 || s.delay.count() > limits.max_delay_ms) __builtin_trap();
                 },
                 [&](const sleep_then_echo& s) {
                   if (s.delay.count() < 0 || s.delay.count() > limits.max_delay_ms) __builtin_trap();
                 },
                 [](const static_file& f) {
                   // The router's traversal check: relative, no ".." segment, no empty one.
                   std::string_view rest = f.path;
                   if (rest.empty() || rest.front() == '/') __builtin_trap();
                   while (!rest.empty()) {
                     const auto segment = rest.substr(0, rest.find('/'));
                     if (segment == ".." || (segment.empty() && rest.size() > 0)) __builtin_trap();
                     rest.remove_prefix(std::min(rest.size(), segment.size() + 1));
                   }
                 },
                 [](const auto&) {},
             },
             r);
  static_cast<void>(query_argument(req.target(), "delay"));
  static_cast<void>(query_argument(req.target(), "name"));
  return 0;
}
