#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "crawlbench/server/metrics_store.hpp"

using namespace crawlbench::server;

TEST_CASE("metrics_store writes the book's format with dt = end - start") {
  metrics_store store{100};
  store.record("gevent", 10.0, 10.25);
  store.record("gevent", 11.0, 11.5);
  store.record("serial", 1.0, 2.0);
  const auto doc = nlohmann::json::parse(store.to_json());
  REQUIRE(doc["gevent"].size() == 2);
  CHECK(doc["gevent"][1]["start"] == 11.0);
  CHECK(doc["gevent"][1]["end"] == 11.5);
  CHECK(doc["gevent"][1]["dt"] == 0.5);
  CHECK(doc["serial"].size() == 1);
  CHECK_FALSE(doc.contains("_crawlbench"));
  const auto one = nlohmann::json::parse(store.to_json("serial"));
  CHECK(one.size() == 1);
  CHECK(nlohmann::json::parse(store.to_json("unknown"))["unknown"].empty());
}

TEST_CASE("metrics_store counts spans past its cap and says so") {
  metrics_store store{2};
  for (int i = 0; i < 5; ++i) store.record("x", i, i + 1);
  CHECK(store.stored() == 2);
  CHECK(store.dropped() == 3);
  const auto doc = nlohmann::json::parse(store.to_json());
  CHECK(doc["x"].size() == 2);
  CHECK(doc["_crawlbench"]["dropped_spans"] == 3);
  CHECK(doc["_crawlbench"]["max_spans"] == 2);
}
