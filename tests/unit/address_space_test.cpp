#include <catch2/catch.hpp>

#include "crawlbench/address_space.hpp"
#include "crawlbench/http_url.hpp"

using namespace crawlbench;

TEST_CASE("address_space puts 127/8, ::1 and localhost names on the loopback") {
  for (const char* host : {"127.0.0.1", "127.255.0.9", "::1", "0:0:0:0:0:0:0:1", "::0:1", "::ffff:127.0.0.1",
                           "localhost", "LocalHost", "localhost.", "app.localhost"}) {
    INFO(host);
    CHECK(address_space_of(host) == address_space::loopback);
  }
}

TEST_CASE("address_space puts RFC 1918, link-local, unique local IPv6 and .local names on the local network") {
  for (const char* host : {"10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.254", "192.168.1.20",
                           "169.254.3.4", "fc00::1", "fd12:3456::7", "FE80::1", "febf::1", "::ffff:192.168.0.1",
                           "::ffff:c0a8:1", "printer.local", "Printer.LOCAL"}) {
    INFO(host);
    CHECK(address_space_of(host) == address_space::local);
  }
}

TEST_CASE("address_space judges every other address and name public, at the edges of each range") {
  for (const char* host : {"8.8.8.8", "11.0.0.1", "172.15.255.255", "172.32.0.1", "192.169.0.1", "128.0.0.1",
                           "169.255.0.1", "126.255.255.255", "::2", "::", "2001:db8::1", "fbff::1", "fec0::1",
                           "::ffff:8.8.8.8", "::127.0.0.1", "example.org", "localhost.example.org",
                           "notlocal", "local.example.org", "mylocalhost"}) {
    INFO(host);
    CHECK(address_space_of(host) == address_space::public_internet);
  }
}

TEST_CASE("address_space takes hosts as http_url holds them, IPv6 without brackets") {
  const auto url = parse_http_url("http://[FD00::5]:8082/");
  REQUIRE(url.has_value());
  CHECK(address_space_of(url->host) == address_space::local);
  CHECK(address_space_of(parse_http_url("http://[::1]:8082").value().host) == address_space::loopback);
}

TEST_CASE("address_space asks Local Network Access only towards a more private space") {
  using enum address_space;
  CHECK(needs_local_network_access(public_internet, loopback));
  CHECK(needs_local_network_access(public_internet, local));
  CHECK(needs_local_network_access(local, loopback));
  CHECK_FALSE(needs_local_network_access(local, local));
  CHECK_FALSE(needs_local_network_access(loopback, loopback));
  CHECK_FALSE(needs_local_network_access(loopback, public_internet));
  CHECK_FALSE(needs_local_network_access(local, public_internet));
  CHECK(to_string(public_internet) == "public");
  CHECK(to_string(local) == "local");
  CHECK(to_string(loopback) == "loopback");
}
