#include <catch2/catch.hpp>

#include <sys/socket.h>

#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "http_probe.hpp"
#include "server_fixture.hpp"

using namespace crawlbench;
using namespace std::chrono_literals;

TEST_CASE("server GET /add sleeps the delay and answers '.' with CORS") {
  test::running_server s;
  const auto start = std::chrono::steady_clock::now();
  const auto a = test::request(s.port(), "/add?name=t&delay=200&abcdefghij");
  const auto took = std::chrono::steady_clock::now() - start;
  CHECK(a.status == 200);
  CHECK(a.body == ".");
  CHECK(a.header("access-control-allow-origin") == "*");
  CHECK(took >= 200ms);
  CHECK(took < 2s);
}

TEST_CASE("server answers every bad input with a 4xx and a reason and keeps serving") {
  test::running_server s;
  const auto bad = test::request(s.port(), "/add?name=asyncio&delay=100/abcdefghij");
  CHECK(bad.status == 400);
  CHECK(bad.body.size() == 97);
  CHECK(test::request(s.port(), "/add?name=x&delay=-3").status == 400);
  CHECK(test::request(s.port(), "/add?name=x&delay=60001").status == 400);
  CHECK(test::request(s.port(), "/add?delay=1").body.find("Missing argument name") != std::string::npos);
  CHECK(test::request(s.port(), "/nowhere", "POST").status == 404);
  CHECK(test::request(s.port(), "/add?name=x", "DELETE").status == 405);
  CHECK(test::request(s.port(), "/add?name=ok&delay=0").status == 200);
}

TEST_CASE("server answers a browser's CORS preflight of /add and /origins") {
  test::running_server s;
  // What Chromium sends before a cross-origin fetch with a non-safelisted header or method.
  const std::string preflight = "Origin: https://pages.example\r\nAccess-Control-Request-Method: GET\r\n"
                                "Access-Control-Request-Headers: content-type, x-crawlbench\r\n";
  for (const char* target : {"/add?name=x&delay=0", "/origins"}) {
    INFO(target);
    const auto a = test::request(s.port(), target, "OPTIONS", "", preflight);
    CHECK(a.status == 204);
    CHECK(a.header("access-control-allow-origin") == "*");
    CHECK(a.header("access-control-allow-methods") == "GET, HEAD, POST, OPTIONS");
    CHECK(a.header("access-control-allow-headers") == "*");
    CHECK(a.header("access-control-max-age") == "86400");
    CHECK(a.header("access-control-allow-private-network").empty());  // not asked for
  }
  const auto pna = test::request(s.port(), "/add?name=x", "OPTIONS", "",
                                 preflight + "Access-Control-Request-Private-Network: true\r\n");
  CHECK(pna.status == 204);
  CHECK(pna.header("access-control-allow-private-network") == "true");
}

TEST_CASE("server sends CORS and Timing-Allow-Origin on GET /origins, /add and errors") {
  test::running_server s;
  const std::string origin = "Origin: https://pages.example\r\n";
  for (const char* target : {"/origins", "/add?name=t&delay=0", "/add?name=t&delay=x", "/healthz"}) {
    INFO(target);
    const auto a = test::request(s.port(), target, "GET", "", origin);
    CHECK(a.status != 0);
    CHECK(a.header("access-control-allow-origin") == "*");
    CHECK(a.header("timing-allow-origin") == "*");
  }
  const auto origins = test::request(s.port(), "/origins", "GET", "", origin);
  REQUIRE(origins.status == 200);
  CHECK(nlohmann::json::parse(origins.body)["origins"].size() == 1);
}

TEST_CASE("server POST /add echoes the body as JSON after the delay") {
  test::running_server s;
  const auto a = test::request(s.port(), "/add?delay=50", "POST", "$2b$08$abc\"def");
  REQUIRE(a.status == 200);
  CHECK(a.header("content-type") == "application/json");
  const auto doc = nlohmann::json::parse(a.body);
  CHECK(doc["result"] == "$2b$08$abc\"def");
  CHECK(doc["t"].get<double>() >= 0.05);
}

TEST_CASE("server healthz and the built-in index page answer") {
  test::running_server s;
  CHECK(test::request(s.port(), "/healthz").body == "ok\n");
  const auto index = test::request(s.port(), "/");
  CHECK(index.status == 200);
  CHECK(index.body.find("crawlbench-server") != std::string::npos);
}

TEST_CASE("server keeps a connection alive for several requests and closes it when asked") {
  test::running_server s;
  test::connection c{s.port()};
  for (int i = 0; i < 3; ++i) {
    c.send("GET /add?name=k&delay=0 HTTP/1.1\r\nHost: x\r\n\r\n");
    const auto a = c.receive();
    REQUIRE(a);
    CHECK(a->status == 200);
  }
  c.send("GET /add?name=k&delay=0 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  REQUIRE(c.receive());
  CHECK(c.closed_by_peer(2s));
  CHECK(nlohmann::json::parse(s.server.metrics().to_json("k"))["k"].size() == 4);
}

TEST_CASE("server answers pipelined requests in order") {
  test::running_server s;
  test::connection c{s.port()};
  c.send("GET /add?name=p&delay=30 HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  const auto first = c.receive(), second = c.receive();
  REQUIRE(first);
  REQUIRE(second);
  CHECK(first->body == ".");
  CHECK(second->body == "ok\n");
}

TEST_CASE("server drops a client that never finishes its headers after the read timeout") {
  server::server_options o;
  o.read_timeout = 300ms;
  test::running_server s{o};
  test::connection c{s.port()};
  c.send("GET /add?name=slow HTTP/1.1\r\nHost: x\r\n");  // and nothing more
  const auto start = std::chrono::steady_clock::now();
  CHECK(c.closed_by_peer(3s));
  CHECK(std::chrono::steady_clock::now() - start < 2s);
  CHECK(test::request(s.port(), "/healthz").status == 200);
}

TEST_CASE("server refuses oversized headers with 431 and oversized bodies with 413") {
  test::running_server s;
  const auto big_header = test::request(s.port(), "/healthz", "GET", "", "X-Big: " + std::string(20000, 'a') + "\r\n");
  CHECK(big_header.status == 431);
  const auto big_body = test::request(s.port(), "/add?delay=0", "POST", std::string(2 * 1024 * 1024, 'b'));
  CHECK(big_body.status == 413);
  CHECK(test::request(s.port(), "/healthz").status == 200);
}

TEST_CASE("server answers garbage with 400 and stays up") {
  test::running_server s;
  test::connection c{s.port()};
  c.send("\x01\x02 garbage \xff\r\n\r\n");
  const auto a = c.receive(2s);
  REQUIRE(a);
  CHECK(a->status == 400);
  CHECK(test::request(s.port(), "/healthz").status == 200);
}

TEST_CASE("server serves static files with their content types and no traversal") {
  const auto root = test::fresh_folder("webroot");
  std::ofstream(root / "index.html") << "<title>ui</title>";
  std::ofstream(root / "app.wasm") << "\0asm";
  std::ofstream(root / "app.js") << "1";
  const auto secret = root.parent_path() / ("crawlbench-secret-" + std::to_string(::getpid()));
  std::ofstream(secret) << "secret";
  std::filesystem::create_symlink(secret, root / "link-out");
  server::server_options o;
  o.web_root = root.string();
  test::running_server s{o};
  CHECK(test::request(s.port(), "/").body == "<title>ui</title>");
  CHECK(test::request(s.port(), "/app.wasm").header("content-type") == "application/wasm");
  CHECK(test::request(s.port(), "/app.js").header("content-type").find("text/javascript") == 0);
  CHECK(test::request(s.port(), "/missing.js").status == 404);
  CHECK(test::request(s.port(), "/../" + secret.filename().string()).status == 400);
  CHECK(test::request(s.port(), "/link-out").status == 404);  // a link out of the root is not served
  std::filesystem::remove_all(root);
  std::filesystem::remove(secret);
}

TEST_CASE("server extra listeners share handlers and metrics") {
  server::server_options o;
  o.extra_ports = 2;
  test::running_server s{o};
  REQUIRE(s.server.ports().size() == 3);
  for (std::size_t i = 0; i < 3; ++i) CHECK(test::request(s.port(i), "/add?name=shared&delay=0").status == 200);
  CHECK(nlohmann::json::parse(s.server.metrics().to_json("shared"))["shared"].size() == 3);
  // Any listener tells a browser every origin it may spread requests over.
  const auto origins = nlohmann::json::parse(test::request(s.port(2), "/origins").body)["origins"];
  REQUIRE(origins.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) CHECK(origins[i] == s.server.url(i));
  CHECK(test::request(s.port(), "/origins", "POST").status == 405);
}

TEST_CASE("server /metrics returns the recorded spans and ?name= one name") {
  test::running_server s;
  test::request(s.port(), "/add?name=a&delay=20");
  test::request(s.port(), "/add?name=b&delay=0");
  const auto all = nlohmann::json::parse(test::request(s.port(), "/metrics").body);
  REQUIRE(all["a"].size() == 1);
  const auto& span = all["a"][0];
  CHECK(span["dt"].get<double>() == Approx(span["end"].get<double>() - span["start"].get<double>()));
  CHECK(span["dt"].get<double>() >= 0.02);
  CHECK(span["start"].get<double>() > 1.7e9);  // wall-clock epoch seconds, like time.time()
  const auto one = nlohmann::json::parse(test::request(s.port(), "/metrics?name=b").body);
  CHECK(one.size() == 1);
  CHECK(one["b"].size() == 1);
}

TEST_CASE("server flush writes the metrics file in the book's format") {
  test::running_server s;
  test::request(s.port(), "/add?name=f&delay=0");
  const auto a = test::request(s.port(), "/add?flush=1");
  CHECK(a.status == 200);
  std::ifstream in(s.server.options().metrics_file);
  const auto doc = nlohmann::json::parse(in);
  CHECK(doc["f"].size() == 1);
}

TEST_CASE("server survives truncated request lines: closed without an answer, or 400") {
  test::running_server s;
  {
    test::connection c{s.port()};
    c.send("GET /add?na");
    ::shutdown(c.fd(), SHUT_WR);  // and the client is done
    CHECK_FALSE(c.receive(2s).has_value());
    CHECK(c.closed_by_peer(2s));
  }
  {
    test::connection c{s.port()};
    c.send("GET /add\r\n\r\n");  // no version
    const auto a = c.receive(2s);
    REQUIRE(a);
    CHECK(a->status == 400);
  }
  CHECK(test::request(s.port(), "/healthz").status == 200);
}

TEST_CASE("server survives a client that resets the connection during the sleep: one span, nothing left active") {
  test::running_server s;
  {
    test::connection c{s.port()};
    c.send("GET /add?name=gone&delay=300 HTTP/1.1\r\nHost: x\r\n\r\n");
    std::this_thread::sleep_for(50ms);  // the server is sleeping on it
    const linger abort{1, 0};
    ::setsockopt(c.fd(), SOL_SOCKET, SO_LINGER, &abort, sizeof abort);
  }  // closed with a reset
  for (int i = 0; i < 100 && s.server.active_requests() > 0; ++i) std::this_thread::sleep_for(10ms);
  CHECK(s.server.active_requests() == 0);
  // The sleep ran its course and was recorded, once, with an end after its start.
  const auto metrics = test::request(s.port(), "/metrics?name=gone");
  REQUIRE(metrics.status == 200);
  const auto doc = nlohmann::json::parse(metrics.body);
  REQUIRE(doc.at("gone").size() == 1);
  CHECK(doc["gone"][0].at("end").get<double>() - doc["gone"][0].at("start").get<double>() >= 0.29);
  CHECK(test::request(s.port(), "/healthz").status == 200);
}
