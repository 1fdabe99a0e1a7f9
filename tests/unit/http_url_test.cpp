#include <catch2/catch.hpp>

#include "crawlbench/crawl.hpp"
#include "crawlbench/http_url.hpp"
#include "crawlbench/mixed.hpp"
#include "crawlbench/share_link.hpp"
#include "crawlbench/target.hpp"

using namespace crawlbench;

namespace {
http_url parsed(std::string_view text) {
  auto url = parse_http_url(text);
  if (!url) FAIL(url.error().message);
  return url.value();
}
std::string problem(std::string_view text) {
  auto url = parse_http_url(text);
  REQUIRE_FALSE(url.has_value());
  return url.error().message;
}
}  // namespace

TEST_CASE("http_url parses names, IPv4 and bracketed IPv6 hosts with their ports") {
  const auto v6 = parsed("http://[::1]:8082");
  CHECK(v6.scheme == "http");
  CHECK(v6.host == "::1");
  CHECK(v6.port == 8082);
  CHECK(v6.port_given);
  CHECK(v6.origin() == "http://[::1]:8082");
  const auto named = parsed("HTTPS://Example.org/base/path?x=1#f");
  CHECK(named.scheme == "https");
  CHECK(named.host == "Example.org");
  CHECK(named.port == 443);
  CHECK_FALSE(named.port_given);
  CHECK(named.rest == "/base/path?x=1#f");
  CHECK(parsed("http://127.0.0.1:65535/").port == 65535);
  CHECK(parsed("http://127.0.0.1").port == 80);
  CHECK(parsed("http://[::ffff:127.0.0.1]:1").host == "::ffff:127.0.0.1");
  CHECK(parsed("http://[2001:db8:0:0:1:0:0:1]:80").host == "2001:db8:0:0:1:0:0:1");
}

TEST_CASE("http_url refuses an IPv6 address without brackets and shows the URL it needs") {
  CHECK(problem("http://::1:8082") == "\"http://::1:8082\": the IPv6 address ::1 needs brackets: http://[::1]:8082");
  CHECK(problem("http://fe80::2") == "\"http://fe80::2\": the IPv6 address fe80::2 needs brackets: http://[fe80::2]:PORT");
  CHECK(problem("http://[::1") == "\"http://[::1\": the IPv6 address has no closing ']'");
  CHECK(problem("http://[::g]:1") == "\"http://[::g]:1\": \"::g\" is not an IPv6 address");
  CHECK(problem("http://[::1]x") == "\"http://[::1]x\": unexpected \"x\" after the IPv6 address");
}

TEST_CASE("http_url refuses ports outside 1-65535, and empty or signed ones") {
  CHECK(problem("http://127.0.0.1:0") == "\"http://127.0.0.1:0\": the port 0 is not from 1 to 65535");
  CHECK(problem("http://127.0.0.1:65536") == "\"http://127.0.0.1:65536\": the port 65536 is not from 1 to 65535");
  CHECK(problem("http://h:-1") == "\"http://h:-1\": the port \"-1\" is not a number from 1 to 65535");
  CHECK(problem("http://h:99999999999999999999") ==
        "\"http://h:99999999999999999999\": the port \"99999999999999999999\" is not a number from 1 to 65535");
  CHECK(problem("http://h:") == "\"http://h:\": the port is empty after ':'");
  CHECK(problem("http://[::1]:") == "\"http://[::1]:\": the port is empty after ':'");
}

TEST_CASE("http_url refuses other schemes, missing hosts, user info and bad characters") {
  CHECK(problem("127.0.0.1:8082") == "\"127.0.0.1:8082\" does not start with http:// or https://");
  CHECK(problem("ftp://h/") == "\"ftp://h/\" does not start with http:// or https://");
  CHECK(problem("") == "the URL is empty");
  CHECK(problem("http://") == "\"http://\": the host is missing");
  CHECK(problem("http://:80") == "\"http://:80\": the host is missing");
  CHECK(problem("http://u:p@h/") == "\"http://u:p@h/\": user names and passwords in URLs are not supported");
  CHECK(problem("http://h h/") == "\"http://h h/\" has a space or a character outside ASCII (percent-encode it)");
  CHECK(problem("http://300.1.1.1/") == "\"http://300.1.1.1/\": \"300.1.1.1\" is not an IPv4 address (four numbers 0-255)");
  CHECK(problem("http://h$x/") == "\"http://h$x/\": the host \"h$x\" has characters a host name cannot have");
}

TEST_CASE("http_url check_server_url accepts https base URLs, port 443 unless one is named") {
  CHECK(check_server_url("https://127.0.0.1:8443"));
  CHECK(check_server_url("https://[::1]:8443/prefix"));
  CHECK(check_server_url("HTTPS://localhost"));
  CHECK(parsed("https://localhost").port == 443);
  CHECK(parsed("https://localhost").origin() == "https://localhost");
  CHECK_FALSE(check_server_url("ftps://localhost"));
  auto target = parse_server_target("https://127.0.0.1:8443");
  REQUIRE(target);
  CHECK(target->base_url() == "https://127.0.0.1:8443");
}

TEST_CASE("http_url check_server_url refuses a query or fragment, which the crawl's /add would follow") {
  CHECK(check_server_url("http://127.0.0.1:8082/"));
  CHECK(check_server_url("http://[::1]:8082/prefix"));
  REQUIRE_FALSE(check_server_url("http://h/?a=1"));
  CHECK(check_server_url("http://h/?a=1").error().message ==
        "\"http://h/?a=1\": a server's base URL has no query or fragment (the crawl appends /add?...)");
  CHECK_FALSE(check_server_url("http://::1:80"));
}

TEST_CASE("http_url recognises IPv6 and IPv4 text forms") {
  for (const char* good : {"::", "::1", "1::", "fe80::1", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "::ffff:10.0.0.1",
                           "1:2:3:4:5:6:1.2.3.4"}) {
    INFO(good);
    CHECK(is_ipv6_address(good));
  }
  for (const char* bad : {"", ":", ":1", "1:", "1:::2", "1::2::3", "1:2:3:4:5:6:7:8:9", "12345::", "1:2:3:4:5:6:7",
                          "::1.2.3", "g::1"}) {
    INFO(bad);
    CHECK_FALSE(is_ipv6_address(bad));
  }
  CHECK(is_ipv4_address("0.0.0.0"));
  CHECK(is_ipv4_address("255.255.255.255"));
  for (const char* bad : {"1.2.3", "1.2.3.4.5", "256.1.1.1", "01.1.1.1", "1..1.1", "1.2.3.4."}) {
    INFO(bad);
    CHECK_FALSE(is_ipv4_address(bad));
  }
  CHECK(url_host("::1") == "[::1]");
  CHECK(url_host("127.0.0.1") == "127.0.0.1");
}

TEST_CASE("http_url is checked where a URL enters: crawl and CPU + I/O configs, share links") {
  crawl_config crawl;
  crawl.server = url_target{"http://::1:8082"};
  REQUIRE_FALSE(validate(crawl));
  CHECK(validate(crawl).error().message == "server: \"http://::1:8082\": the IPv6 address ::1 needs brackets: http://[::1]:8082");
  crawl.server = url_target{"http://[::1]:8082"};
  CHECK(validate(crawl));
  crawl.mirrors = {"http://127.0.0.1:99999"};
  REQUIRE_FALSE(validate(crawl));
  CHECK(validate(crawl).error().message == "origins: \"http://127.0.0.1:99999\": the port 99999 is not from 1 to 65535");

  mixed_config mixed;
  mixed.server = url_target{"localhost:8082"};
  REQUIRE_FALSE(validate(mixed));
  CHECK(validate(mixed).error().message == "server: \"localhost:8082\" does not start with http:// or https://");

  shared_results shared;
  shared.plan.strategies = {strategy_kind::aiohttp};
  shared.server = url_target{"http://::1:8082"};
  const auto decoded = decode_share_link(encode_share_fragment(shared));
  REQUIRE_FALSE(decoded.has_value());
  CHECK(decoded.error().message.find("needs brackets: http://[::1]:8082") != std::string::npos);
  shared.server = url_target{"http://[::1]:8082"};
  CHECK(decode_share_link(encode_share_fragment(shared)).has_value());
}
