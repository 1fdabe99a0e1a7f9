// The page's crawl worker tells the page each finished request (web/src/worker_protocol.hpp): its
// connection, when the transport knew it, must reach the page's call graph.
#include <catch2/catch.hpp>

#include <string>

#include "worker_protocol.hpp"

using namespace crawlbench;

namespace {
span finished_over(connection_use use, double connected_s, double tls_done_s) {
  span s;
  s.started = from_seconds(0.5);
  s.done = from_seconds(0.75);
  s.status = 200;
  s.connection = use;
  s.connected = from_seconds(connected_s);
  s.tls_done = from_seconds(tls_done_s);
  s.recorded = true;
  return s;
}

// The spans of `batch` after a trip through the message between worker and page.
std::vector<span> replayed(const ui::crawl_feed::batch& batch) {
  ui::crawl_feed page;
  REQUIRE(web::replay_events(web::events_message(batch), page));
  ui::crawl_feed::batch got;
  page.take(got);
  std::vector<span> spans;
  for (const auto& e : got.events) spans.push_back(e.s);
  return spans;
}
}  // namespace

TEST_CASE("worker protocol carries each finished request's connection to the page") {
  ui::crawl_feed::batch batch;
  batch.events = {ui::finished_event(0, 0, finished_over(connection_use::opened_tls, 0.5078125, 0.515625)),
                  ui::finished_event(0, 1, finished_over(connection_use::opened, 0.5078125, 0)),
                  ui::finished_event(0, 2, finished_over(connection_use::reused, 0, 0))};
  const auto spans = replayed(batch);
  REQUIRE(spans.size() == 3);
  CHECK(spans[0].connection == connection_use::opened_tls);
  CHECK(spans[0].connected == from_seconds(0.5078125));
  CHECK(spans[0].tls_done == from_seconds(0.515625));
  CHECK(spans[1].connection == connection_use::opened);
  CHECK(spans[1].connected == from_seconds(0.5078125));
  CHECK(spans[2].connection == connection_use::reused);
  CHECK(spans[2].done == from_seconds(0.75));
}

TEST_CASE("worker protocol leaves a request's connection unknown when the transport did not know it") {
  ui::crawl_feed::batch batch;
  batch.events = {ui::finished_event(0, 0, finished_over(connection_use::unknown, 0, 0))};
  const std::string message = web::events_message(batch);
  CHECK(message.find("[0,0,0.5,0.75,200,0]") != std::string::npos);  // as before connections were known
  const auto spans = replayed(batch);
  REQUIRE(spans.size() == 1);
  CHECK(spans[0].connection == connection_use::unknown);
  CHECK_FALSE(spans[0].opened_connection());
}

TEST_CASE("worker protocol refuses a finished request that claims a new connection without its time") {
  ui::crawl_feed page;
  const std::string opened_without_time =
      R"({"started":[],"issued":[],"finished":[[0,0,0.5,0.75,200,0,2]],"ended":[],"all_done":false,"error":""})";
  CHECK_FALSE(web::replay_events(opened_without_time, page));
  const std::string unknown_kind =
      R"({"started":[],"issued":[],"finished":[[0,0,0.5,0.75,200,0,9]],"ended":[],"all_done":false,"error":""})";
  REQUIRE(web::replay_events(unknown_kind, page));
  ui::crawl_feed::batch got;
  page.take(got);
  REQUIRE(got.events.size() == 1);
  CHECK(got.events[0].s.connection == connection_use::unknown);
}
