// The URLs the server prints and serves (GET /origins) are usable URLs: an IPv6 literal in brackets
// (RFC 3986 §3.2.2), a wildcard host named by its family's loopback address.
#include <catch2/catch.hpp>

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "crawlbench/server/http_url.hpp"
#include "http_probe.hpp"
#include "server_fixture.hpp"

using namespace crawlbench;

namespace {
// A server on `host`, or nothing (with a warning) when this machine cannot listen there.
std::unique_ptr<test::running_server> try_server(const std::string& host, unsigned extra_ports = 0) {
  server::server_options o;
  o.host = host;
  o.extra_ports = extra_ports;
  try {
    return std::make_unique<test::running_server>(o, "url");
  } catch (const std::runtime_error& e) {
    WARN("skipped: cannot listen on " << host << " here (no IPv6 loopback?): " << e.what());
    return nullptr;
  }
}
}  // namespace

TEST_CASE("server http_url brackets IPv6 literals and nothing else") {
  CHECK(server::http_url("127.0.0.1", 8082) == "http://127.0.0.1:8082");
  CHECK(server::http_url("::1", 8082) == "http://[::1]:8082");
  CHECK(server::http_url("2001:db8::7", 0) == "http://[2001:db8::7]:0");
  CHECK(server::http_url("[::1]", 65535) == "http://[::1]:65535");            // already bracketed: kept
  CHECK(server::http_url("fe80::1%eth0", 80) == "http://[fe80::1%25eth0]:80");  // RFC 6874 zone
  CHECK(server::http_url("localhost", 80) == "http://localhost:80");
  CHECK(server::authority("::ffff:127.0.0.1", 1) == "[::ffff:127.0.0.1]:1");
}

TEST_CASE("server canonical_address takes IPv4 and IPv6 literals only") {
  CHECK(server::canonical_address("127.0.0.1") == "127.0.0.1");
  CHECK(server::canonical_address("::1") == "::1");
  CHECK(server::canonical_address("[::1]") == "::1");
  CHECK(server::canonical_address("0:0:0:0:0:0:0:1") == "::1");
  CHECK(server::canonical_address("::") == "::");
  for (const char* bad : {"", "localhost", "::1::2", "300.1.1.1", "1.2.3.4.5", "[127.0.0.1]", "[::1", "::1]", "http://::1"}) {
    INFO(bad);
    CHECK_FALSE(server::canonical_address(bad).has_value());
  }
  CHECK(server::address_for_urls("0.0.0.0") == "127.0.0.1");
  CHECK(server::address_for_urls("::") == "::1");
  CHECK(server::address_for_urls("::1") == "::1");
  CHECK(server::address_for_urls("192.0.2.1") == "192.0.2.1");
}

TEST_CASE("server on ::1 names itself http://[::1]:PORT in url() and /origins, and answers there") {
  const auto s = try_server("::1", 1);
  if (!s) return;
  for (std::size_t i = 0; i < 2; ++i) {
    const std::string url = s->server.url(i);
    CHECK(url == "http://[::1]:" + std::to_string(s->port(i)));
    const auto origins = nlohmann::json::parse(test::request_url(url, "/origins").body)["origins"];
    REQUIRE(origins.size() == 2);
    CHECK(origins[0] == s->server.url(0));
    CHECK(origins[1] == s->server.url(1));
    CHECK(test::request_url(url, "/add?name=v6&delay=0").body == ".");
  }
}

TEST_CASE("server on a wildcard address names its family's loopback in its URLs") {
  for (const auto& [host, expected] : {std::pair{"0.0.0.0", "http://127.0.0.1:"}, std::pair{"::", "http://[::1]:"}}) {
    const auto s = try_server(host);
    if (!s) continue;
    INFO(host);
    CHECK(s->server.url() == expected + std::to_string(s->port()));
    const auto origins = nlohmann::json::parse(test::request_url(s->server.url(), "/origins").body)["origins"];
    CHECK(origins == nlohmann::json::array({s->server.url()}));
  }
}

TEST_CASE("server refuses a host that is not an address and ports past 65535, before binding") {
  const auto options = [](std::string host, std::uint16_t port, unsigned extra_ports) {
    server::server_options o;
    o.host = std::move(host);
    o.port = port;
    o.extra_ports = extra_ports;
    o.metrics_file = "/dev/null";
    return o;
  };
  CHECK_THROWS_AS(server::delay_server(options("localhost", 0, 0)), std::invalid_argument);
  CHECK_THROWS_WITH(server::delay_server(options("127.0.0.1", 65535, 1)),
                    Catch::Contains("65536") && Catch::Contains("65535"));
  CHECK(server::check_options(options("[::1]", 65534, 1)).has_value());
}
