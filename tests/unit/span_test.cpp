// Outcomes and transfer errors: every name round trips, and each transfer error has its outcome.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "crawlbench/span.hpp"
#include "crawlbench/transport.hpp"

using namespace crawlbench;

TEST_CASE("span outcome names round trip through parse_outcome, tls_error included") {
  std::set<std::string> names;
  for (std::size_t i = 0; i < outcome_count; ++i) {
    const auto o = static_cast<outcome>(i);
    const std::string name{to_string(o)};
    CHECK(parse_outcome(name) == o);
    names.insert(name);
  }
  CHECK(names.size() == outcome_count);  // no two outcomes share a name
  CHECK(to_string(outcome::tls_error) == "tls_error");
  CHECK(parse_outcome("tls_error") == outcome::tls_error);
  CHECK_FALSE(parse_outcome("tls"));
  CHECK_FALSE(parse_outcome(""));
}

TEST_CASE("span classify gives every transfer error its own outcome - a TLS failure is tls_error") {
  response r;
  r.error = transfer_error::tls;
  r.error_message = "SSL certificate problem: unable to get local issuer certificate";
  CHECK(classify(r, ".") == outcome::tls_error);
  const std::pair<transfer_error, outcome> pairs[] = {
      {transfer_error::connection_refused, outcome::connection_refused},
      {transfer_error::connection_reset, outcome::connection_reset},
      {transfer_error::timeout, outcome::timeout},
      {transfer_error::too_many_connections, outcome::too_many_connections},
      {transfer_error::cancelled, outcome::cancelled},
      {transfer_error::other, outcome::transport_error},
      {transfer_error::tls, outcome::tls_error},
  };
  for (const auto& [error, expected] : pairs) {
    r.error = error;
    CHECK(classify(r, ".") == expected);
  }
  r.error = transfer_error::none;
  r.status = 200;
  r.body = ".";
  r.body_bytes = 1;
  CHECK(classify(r, ".") == outcome::ok);
}

TEST_CASE("span transfer_error names: tls reads as a TLS error, and none is left unnamed") {
  CHECK(to_string(transfer_error::tls) == "TLS error");
  for (const auto e : {transfer_error::none, transfer_error::connection_refused, transfer_error::connection_reset,
                       transfer_error::timeout, transfer_error::too_many_connections, transfer_error::cancelled,
                       transfer_error::other, transfer_error::tls}) {
    CHECK(to_string(e) != "unknown");
  }
}
