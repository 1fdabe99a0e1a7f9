#include <catch2/catch.hpp>

#include <vector>

#include "crawlbench/http_client.hpp"
#include "crawlbench/simulated_transport.hpp"
#include "crawlbench/when_all.hpp"
#include "support.hpp"

using namespace crawlbench;
using namespace std::chrono_literals;

TEST_CASE("http_client with max_connections queues the excess in its own FIFO queue") {
  test::virtual_world world;
  simulated_transport sim{world.sched, {}};
  auto ten = [](scheduler& sched, transport& via) -> task<std::vector<response>> {
    http_client client{sched, via, {.reuse = connection_reuse::pooled, .max_connections = 3}};
    std::vector<task<response>> all;
    for (int i = 0; i < 10; ++i) all.push_back(client.get("http://sim/add?delay=100"));
    co_return co_await when_all(std::move(all));
  };
  const auto responses = world.run(ten(world.sched, sim));
  CHECK(sim.stats().max_server_in_flight == 3);
  CHECK(world.seconds() == Approx(0.4));  // ceil(10/3) waves
  for (std::size_t i = 0; i < responses.size(); ++i) {
    CHECK(responses[i].queued == clock::time_point{});  // all handed over at once
    CHECK(to_seconds(responses[i].started) == Approx(0.1 * static_cast<double>(i / 3)));
  }
}

TEST_CASE("http_client without a limit starts every request at once") {
  test::virtual_world world;
  simulated_transport sim{world.sched, {}};
  auto hundred = [](scheduler& sched, transport& via) -> task<std::vector<response>> {
    http_client client{sched, via, {.reuse = connection_reuse::fresh}};
    std::vector<task<response>> all;
    for (int i = 0; i < 100; ++i) all.push_back(client.get("http://sim/add?delay=100"));
    co_return co_await when_all(std::move(all));
  };
  world.run(hundred(world.sched, sim));
  CHECK(sim.stats().max_server_in_flight == 100);
  CHECK(world.seconds() == Approx(0.1));
}
