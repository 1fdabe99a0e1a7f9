// Spreading a crawl over a server's listeners (the browser's 6-connections-per-origin cap).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "crawlbench/crawl.hpp"
#include "crawlbench/result.hpp"
#include "support.hpp"

using namespace crawlbench;

TEST_CASE("mirrors: request i goes to origin i mod K, with the same path") {
  test::virtual_world world;
  test::recording_transport recorder{world.time};
  auto config = test::book(strategy_kind::gevent, 7, 0, 3);
  config.server = url_target{"http://127.0.0.1:8082/"};
  config.mirrors = {"http://127.0.0.1:8083", "http://127.0.0.1:8084/"};
  const auto r = summarize(world.run(run_crawl(world.sched, recorder, config)));
  CHECK(r.ok == 7);
  REQUIRE(recorder.urls.size() == 7);
  const char* expected[] = {"8082", "8083", "8084", "8082", "8083", "8084", "8082"};
  for (std::size_t i = 0; i < 7; ++i) {
    INFO(recorder.urls[i]);
    CHECK(recorder.urls[i].rfind(std::string("http://127.0.0.1:") + expected[i] + "/add?name=gevent&delay=0&", 0) == 0);
  }
}
