#include <catch2/catch.hpp>

#include <sstream>

#include "routes.hpp"

using namespace crawlbench::server;

namespace {
request_t make(http::verb method, std::string target, std::string body = "") {
  request_t req{method, target, 11};
  req.body() = std::move(body);
  req.prepare_payload();
  return req;
}

route route_of(http::verb method, std::string target) { return route_request(make(method, std::move(target)), {}); }

int status_of(const route& r) {
  const auto* now = std::get_if<reply_now>(&r);
  return now ? static_cast<int>(now->response.result_int()) : 0;
}

std::string reason_in_body(const route& r) { return std::get<reply_now>(r).response.body(); }
}  // namespace

TEST_CASE("routes GET /add sleeps the delay and records under the name") {
  const auto r = route_of(http::verb::get, "/add?name=gevent&delay=100&abcdefghij");
  const auto* add = std::get_if<sleep_then_dot>(&r);
  REQUIRE(add);
  CHECK(add->name == "gevent");
  CHECK(add->delay == std::chrono::milliseconds(100));
}

TEST_CASE("routes GET /add defaults the delay to 1024 ms like the book") {
  const auto r = route_of(http::verb::get, "/add?name=x");
  CHECK(std::get<sleep_then_dot>(r).delay == std::chrono::milliseconds(1024));
}

TEST_CASE("routes accept what Python's int() accepts for delay") {
  CHECK(std::get<sleep_then_dot>(route_of(http::verb::get, "/add?name=x&delay=+7")).delay.count() == 7);
  CHECK(std::get<sleep_then_dot>(route_of(http::verb::get, "/add?name=x&delay=%2010")).delay.count() == 10);
}

TEST_CASE("routes refuse a delay that is not an integer with the book's 97-byte page") {
  // The book's aiohttp crawler built its URLs with os.path.join: delay=100/abcdefghij.
  const auto r = route_of(http::verb::get, "/add?name=asyncio&delay=100/abcdefghij");
  CHECK(status_of(r) == 400);
  CHECK(reason_in_body(r) == "<html><title>400: Invalid value for delay</title><body>400: Invalid value for delay</body></html>");
  CHECK(reason_in_body(r).size() == 97);
  CHECK(status_of(route_of(http::verb::get, "/add?name=x&delay=1.5")) == 400);
  CHECK(status_of(route_of(http::verb::get, "/add?name=x&delay=")) == 400);
}

TEST_CASE("routes refuse negative and too large delays and a missing name with a reason") {
  CHECK(reason_in_body(route_of(http::verb::get, "/add?name=x&delay=-1")).find("must not be negative") != std::string::npos);
  const auto big = route_of(http::verb::get, "/add?name=x&delay=60001");
  CHECK(status_of(big) == 400);
  CHECK(reason_in_body(big).find("above the maximum of 60000 ms") != std::string::npos);
  CHECK(status_of(route_of(http::verb::get, "/add?name=x&delay=99999999999999999999")) == 400);
  CHECK(reason_in_body(route_of(http::verb::get, "/add?delay=5")).find("Missing argument name") != std::string::npos);
}

TEST_CASE("routes flush on a non-empty flush argument as Python's truthiness does") {
  CHECK(std::holds_alternative<flush_metrics>(route_of(http::verb::get, "/add?flush=1")));
  CHECK(std::holds_alternative<flush_metrics>(route_of(http::verb::get, "/add?flush=True")));
  CHECK(status_of(route_of(http::verb::get, "/add?flush=")) == 400);  // empty: falsy, and no name
}

TEST_CASE("routes POST /add echoes the body after 100 ms by default") {
  const auto r = route_request(make(http::verb::post, "/add", "$2b$08$hash"), {});
  const auto* echo = std::get_if<sleep_then_echo>(&r);
  REQUIRE(echo);
  CHECK(echo->body == "$2b$08$hash");
  CHECK(echo->delay == std::chrono::milliseconds(100));
}

TEST_CASE("routes answer wrong methods with 405 and unknown paths with 404") {
  const auto put = route_of(http::verb::put, "/add?name=x");
  CHECK(status_of(put) == 405);
  CHECK(std::get<reply_now>(put).response[http::field::allow] == "GET, HEAD, POST, OPTIONS");
  for (const char* path : {"/metrics", "/origins", "/healthz"}) {
    const auto wrong = route_of(http::verb::delete_, path);
    CHECK(status_of(wrong) == 405);
    CHECK(std::get<reply_now>(wrong).response[http::field::allow] == "GET, HEAD, OPTIONS");
  }
  CHECK(status_of(route_of(http::verb::post, "/elsewhere")) == 404);
}

TEST_CASE("routes take HEAD where GET goes, on every path") {
  const auto add = route_of(http::verb::head, "/add?name=h&delay=5");
  REQUIRE(std::holds_alternative<sleep_then_dot>(add));
  CHECK(std::get<sleep_then_dot>(add).name == "h");
  CHECK(std::get<sleep_then_dot>(add).delay == std::chrono::milliseconds(5));
  CHECK(std::holds_alternative<flush_metrics>(route_of(http::verb::head, "/add?flush=1")));
  CHECK(std::get<show_metrics>(route_of(http::verb::head, "/metrics?name=h")).name == "h");
  CHECK(std::holds_alternative<show_origins>(route_of(http::verb::head, "/origins")));
  CHECK(std::get<static_file>(route_of(http::verb::head, "/app/")).path == "app/index.html");
  CHECK(status_of(route_of(http::verb::head, "/healthz")) == 200);
  // Errors too: the router answers as for GET, the session drops the body as it writes.
  for (const char* target : {"/add?name=x&delay=zz", "/add?delay=1", "/../x", "/healthz"}) {
    const auto get = route_of(http::verb::get, target), head = route_of(http::verb::head, target);
    INFO(target);
    CHECK(status_of(head) == status_of(get));
    CHECK(reason_in_body(head) == reason_in_body(get));
  }
}

TEST_CASE("routes answer_for_method drops a HEAD answer's body and keeps the GET body's Content-Length") {
  for (const auto method : {http::verb::get, http::verb::head}) {
    auto res = error_response(make(method, "/add?delay=z"), http::status::bad_request, "Invalid value for delay");
    answer_for_method(res, method);
    std::ostringstream wire;
    wire << res;
    CHECK(res[http::field::content_length] == "97");
    CHECK(res.body().size() == (method == http::verb::head ? 0u : 97u));
    CHECK(wire.str().ends_with(method == http::verb::head ? "\r\n\r\n" : "</html>"));
  }
  const auto dot = dot_response(11, true);
  CHECK(answer_for_method(dot, http::verb::get) == dot);
  CHECK(answer_for_method(dot, http::verb::head) == dot.substr(0, dot.size() - 1));  // all but the '.'
  CHECK(answer_for_method(dot, http::verb::head).find("Content-Length: 1\r\n\r\n") != std::string_view::npos);
}

TEST_CASE("routes answer a CORS preflight on any path") {
  const auto r = route_of(http::verb::options, "/add?name=x");
  REQUIRE(status_of(r) == 204);
  const auto& res = std::get<reply_now>(r).response;
  CHECK(res[http::field::access_control_allow_origin] == "*");
  CHECK(res[http::field::access_control_allow_methods] == "GET, HEAD, POST, OPTIONS");
  CHECK(res[http::field::access_control_allow_headers] == "*");
  CHECK(res["Access-Control-Allow-Private-Network"].empty());  // not asked
}

TEST_CASE("routes echo Access-Control-Allow-Private-Network only to a preflight that asks for it") {
  auto req = make(http::verb::options, "/origins");
  req.set("Access-Control-Request-Private-Network", "true");
  const auto r = route_request(req, {});
  REQUIRE(status_of(r) == 204);
  CHECK(std::get<reply_now>(r).response["Access-Control-Allow-Private-Network"] == "true");
}

TEST_CASE("routes let every answer's timing be read cross-origin") {
  CHECK(std::get<reply_now>(route_of(http::verb::get, "/healthz")).response["Timing-Allow-Origin"] == "*");
  CHECK(std::get<reply_now>(route_of(http::verb::options, "/add")).response["Timing-Allow-Origin"] == "*");
  CHECK(std::get<reply_now>(route_of(http::verb::get, "/add?delay=x")).response["Timing-Allow-Origin"] == "*");
  CHECK(std::string(dot_response(11, true)).find("\r\nTiming-Allow-Origin: *\r\n") != std::string::npos);
}

TEST_CASE("routes map static paths under the web root and refuse traversal") {
  CHECK(std::get<static_file>(route_of(http::verb::get, "/")).path == "index.html");
  CHECK(std::get<static_file>(route_of(http::verb::get, "/app/crawlbench.wasm")).path == "app/crawlbench.wasm");
  CHECK(status_of(route_of(http::verb::get, "/../etc/passwd")) == 400);
  CHECK(status_of(route_of(http::verb::get, "/a/%2e%2e/%2e%2e/etc/passwd")) == 400);
  CHECK(status_of(route_of(http::verb::get, "/a%5c..%5cb")) == 400);
  CHECK(status_of(route_of(http::verb::get, "/bad%zzescape")) == 400);
  // An empty segment would make the path absolute: std::filesystem would drop the root.
  CHECK(status_of(route_of(http::verb::get, "//etc/passwd")) == 400);
  CHECK(status_of(route_of(http::verb::get, "/app//x.js")) == 400);
  CHECK(status_of(route_of(http::verb::get, "/%2fetc/passwd")) == 400);
  CHECK(std::get<static_file>(route_of(http::verb::get, "/app/")).path == "app/index.html");
}

TEST_CASE("routes decode query arguments") {
  CHECK(query_argument("/add?name=a%20b+c&delay=1", "name") == "a b c");
  CHECK(query_argument("/add?name", "name") == "");
  CHECK_FALSE(query_argument("/add?names=1", "name").has_value());
  CHECK_FALSE(query_argument("/add", "name").has_value());
}

TEST_CASE("routes prepared '200 .' bytes equal the message make_response builds") {
  for (const unsigned version : {10u, 11u}) {
    for (const bool keep_alive : {true, false}) {
      request_t req{http::verb::get, "/add?name=x", version};
      req.keep_alive(keep_alive);
      std::ostringstream built;
      built << make_response(req, http::status::ok, ".", "text/html; charset=UTF-8");
      INFO("HTTP/" << version / 10 << "." << version % 10 << (keep_alive ? " keep-alive" : " close"));
      CHECK(std::string(dot_response(version, keep_alive)) == built.str());
    }
  }
}
