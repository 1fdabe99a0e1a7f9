// HEAD on the real server (RFC 9110 §9.3.2): answered as GET would be, same status and headers,
// Content-Length the GET body's length, and never a body, so a request pipelined after it parses.
#include <catch2/catch.hpp>

#include <fstream>

#include <nlohmann/json.hpp>

#include "http_probe.hpp"
#include "server_fixture.hpp"

using namespace crawlbench;
using namespace std::chrono_literals;

namespace {
const std::string healthz_closing = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

// GET target, HEAD target, then GET /healthz, pipelined on one connection. Checks the HEAD answer
// against the GET answer, and that /healthz then arrives whole with nothing after it.
void check_head_like_get(std::uint16_t port, const std::string& target) {
  INFO("HEAD " << target);
  test::connection c{port};
  REQUIRE(c.send("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\nHEAD " + target + " HTTP/1.1\r\nHost: x\r\n\r\n" +
                 healthz_closing));
  const auto get = c.receive();
  REQUIRE(get);
  const auto head = c.receive_head();
  REQUIRE(head);
  CHECK(head->status_line == get->status_line);
  CHECK(head->headers == get->headers);  // Content-Length, Content-Type, Allow, CORS: all as for GET
  CHECK(head->header("content-length") == std::to_string(get->body.size()));
  const auto after = c.receive();
  REQUIRE(after);
  CHECK(after->status_line == "HTTP/1.1 200 OK");
  CHECK(after->body == "ok\n");
  CHECK(c.rest_until_closed(2s) == std::optional<std::string>(""));
}

// A HEAD the session refuses before routing: its answer has the status and a Content-Length, no
// body, and the connection then closes with nothing more.
test::http_answer refused_head(std::uint16_t port, const std::string& bytes) {
  test::connection c{port};
  c.send(bytes);
  const auto a = c.receive_head(3s);
  REQUIRE(a);
  CHECK(a->status_line.starts_with("HTTP/1.1 "));
  CHECK(std::stoul(a->header("content-length")) > 0);  // what GET would have carried
  CHECK(c.rest_until_closed(3s) == std::optional<std::string>(""));
  return *a;
}
}  // namespace

TEST_CASE("server answers HEAD on every API route as GET, without a body") {
  test::running_server s;
  for (const std::string target :
       {"/healthz", "/add?name=h&delay=0", "/metrics", "/metrics?name=h", "/origins", "/", "/add?flush=1"}) {
    check_head_like_get(s.port(), target);
  }
}

TEST_CASE("server HEAD /add sleeps and records the request as GET does") {
  test::running_server s;
  check_head_like_get(s.port(), "/add?name=head&delay=20");
  const auto spans = nlohmann::json::parse(s.server.metrics().to_json("head"))["head"];
  REQUIRE(spans.size() == 2);  // the GET's and the HEAD's
  for (const auto& span : spans) CHECK(span["dt"].get<double>() >= 0.02);
}

TEST_CASE("server answers HEAD on error routes with the GET status and headers, without a body") {
  test::running_server s;
  for (const std::string target : {"/add?name=x&delay=100/abcdefghij", "/add?name=x&delay=-1", "/add?name=x&delay=60001",
                                    "/add?delay=1", "/missing.js", "/../etc/passwd", "/bad%zzescape"}) {
    check_head_like_get(s.port(), target);
  }
  CHECK(test::request(s.port(), "/missing.js", "HEAD").status == 404);
}

TEST_CASE("server answers HEAD with the 500 of a failed flush, without a body") {
  server::server_options o;
  o.port = 0;
  o.threads = 1;
  o.metrics_file = "/nonexistent-crawlbench-dir/metric_data.json";
  server::delay_server server{o};
  server.start();
  CHECK(test::request(server.ports()[0], "/add?flush=1").status == 500);
  check_head_like_get(server.ports()[0], "/add?flush=1");
  server.stop();
}

TEST_CASE("server answers HEAD on static files with their length, without a body") {
  const auto root = test::fresh_folder("head-webroot");
  std::ofstream(root / "index.html") << "<title>ui</title>";
  std::ofstream(root / "app.js") << "console.log(1);\n";
  std::ofstream(root / "app.wasm", std::ios::binary) << std::string(70'000, 'w');  // past one socket read
  server::server_options o;
  o.web_root = root.string();
  test::running_server s{o};
  for (const std::string target : {"/", "/index.html", "/app.js", "/app.wasm", "/missing.js"}) {
    check_head_like_get(s.port(), target);
  }
  CHECK(test::request(s.port(), "/app.wasm", "HEAD").header("content-length") == "70000");
  std::filesystem::remove_all(root);
}

TEST_CASE("server answers the session's own refusals of HEAD without a body") {
  test::running_server s;
  const auto big_header = refused_head(s.port(), "HEAD /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') +
                                                     "\r\n\r\n" + healthz_closing);
  CHECK(big_header.status == 431);
  const auto big_body =
      refused_head(s.port(), "HEAD /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 2097152\r\n\r\n" + healthz_closing);
  CHECK(big_body.status == 413);
  CHECK(refused_head(s.port(), "HEAD /healthz\r\n\r\n" + healthz_closing).status == 400);  // no version
  CHECK(refused_head(s.port(), "\r\nHEAD /healthz HTTP/9\r\n\r\n").status == 400);
  // The same refusals of GET do carry their page.
  const auto get_refused = test::request(s.port(), "/healthz", "GET", "", "X-Big: " + std::string(20000, 'a') + "\r\n");
  CHECK(get_refused.status == 431);
  CHECK(get_refused.body.size() == std::stoul(get_refused.header("content-length")));
  CHECK_FALSE(get_refused.body.empty());
}

TEST_CASE("server lists HEAD in the Allow of a 405 and in the CORS preflight") {
  test::running_server s;
  CHECK(test::request(s.port(), "/add?name=x", "DELETE").header("allow") == "GET, HEAD, POST, OPTIONS");
  for (const std::string target : {"/metrics", "/origins", "/healthz"}) {
    const auto a = test::request(s.port(), target, "PUT");
    CHECK(a.status == 405);
    CHECK(a.header("allow") == "GET, HEAD, OPTIONS");
  }
  CHECK(test::request(s.port(), "/add", "OPTIONS").header("access-control-allow-methods") == "GET, HEAD, POST, OPTIONS");
  check_head_like_get(s.port(), "/add?name=preflight&delay=0");  // what a browser sends after the preflight
}
