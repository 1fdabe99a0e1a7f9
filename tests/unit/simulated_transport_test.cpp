#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "crawlbench/http_client.hpp"
#include "crawlbench/result.hpp"
#include "crawlbench/simulated_transport.hpp"
#include "crawlbench/span.hpp"
#include "crawlbench/when_all.hpp"
#include "support.hpp"

using namespace crawlbench;
using namespace std::chrono_literals;

namespace {
task<response> get(scheduler& sched, transport& via, std::string url, request_options options = {}) {
  http_client client{sched, via, options};
  co_return co_await client.get(std::move(url));
}
}  // namespace

TEST_CASE("simulated_transport answers /add with '.' after the URL's delay") {
  test::virtual_world world;
  simulated_transport sim{world.sched, {}};
  const auto r = world.run(get(world.sched, sim, "http://sim/add?name=t&delay=250&abcdefghij"));
  CHECK(r.status == 200);
  CHECK(r.body == ".");
  CHECK(r.body_bytes == 1);
  CHECK(r.error == transfer_error::none);
  CHECK(to_seconds(r.done - r.started) == Approx(0.25));
}

TEST_CASE("simulated_transport defaults the delay to 1024 ms like the book's server") {
  test::virtual_world world;
  simulated_transport sim{world.sched, {}};
  const auto r = world.run(get(world.sched, sim, "http://sim/add?name=t"));
  CHECK(r.status == 200);
  CHECK(to_seconds(r.done) == Approx(1.024));
}

TEST_CASE("simulated_transport answers the book's aiohttp URL mistake with the 97-byte 400 page") {
  test::virtual_world world;
  simulated_transport sim{world.sched, {}};
  const auto r = world.run(get(world.sched, sim, "http://sim/add?name=asyncio&delay=100/abcdefghij"));
  CHECK(r.status == 400);
  CHECK(r.body_bytes == 97);
  CHECK(r.body.find("Invalid value for delay") != std::string::npos);
  CHECK(classify(r, ".") == outcome::http_error);
}

TEST_CASE("simulated_transport answers an unknown path with 404") {
  test::virtual_world world;
  simulated_transport sim{world.sched, {}};
  CHECK(world.run(get(world.sched, sim, "http://sim/nothing")).status == 404);
}

TEST_CASE("simulated_transport echoes a POST body as JSON after 100 ms") {
  test::virtual_world world;
  simulated_transport sim{world.sched, {}};
  auto post = [](scheduler& sched, transport& via) -> task<response> {
    http_client client{sched, via, {}};
    co_return co_await client.post("http://sim/add", "$2b$08$abc\"quoted\"");
  };
  const auto r = world.run(post(world.sched, sim));
  CHECK(r.status == 200);
  const auto body = nlohmann::json::parse(r.body);
  CHECK(body["result"] == "$2b$08$abc\"quoted\"");
  CHECK(to_seconds(r.done) == Approx(0.1));
}

TEST_CASE("simulated_transport charges connect cost and round trip - reusing pooled connections") {
  test::virtual_world world;
  simulated_transport sim{world.sched, {.round_trip = 10ms, .connect = 5ms}};
  auto two_in_a_row = [](scheduler& sched, transport& via, connection_reuse reuse) -> task<double> {
    http_client client{sched, via, {.reuse = reuse}};
    const auto a = co_await client.get("http://sim/add?delay=100");
    const auto b = co_await client.get("http://sim/add?delay=100");
    co_return to_seconds(b.done - b.started) + to_seconds(a.done - a.started);
  };
  CHECK(world.run(two_in_a_row(world.sched, sim, connection_reuse::pooled)) == Approx(0.115 + 0.110));
  CHECK(sim.stats().connections_opened == 1);
  CHECK(world.run(two_in_a_row(world.sched, sim, connection_reuse::fresh)) == Approx(0.115 + 0.115));
  CHECK(sim.stats().connections_opened == 3);
}

TEST_CASE("simulated_transport times a request out as a value - and the server keeps sleeping") {
  test::virtual_world world;
  simulated_transport sim{world.sched, {}};
  const auto r = world.run(get(world.sched, sim, "http://sim/add?delay=1000", {.timeout = 200ms}));
  CHECK(r.error == transfer_error::timeout);
  CHECK(r.status == 0);
  CHECK(to_seconds(r.done) == Approx(0.2));
  CHECK(classify(r, ".") == outcome::timeout);
  CHECK(sim.stats().timeouts == 1);
  CHECK(world.seconds() == Approx(1.0));  // run_virtual drained the server's sleep too
}

TEST_CASE("simulated_transport limited to one request at a time serves them one after another") {
  test::virtual_world world;
  simulated_transport sim{world.sched, {.server_concurrency = 1}};
  auto three_at_once = [](scheduler& sched, transport& via) -> task<std::vector<double>> {
    http_client client{sched, via, {}};
    std::vector<task<response>> all;
    for (int i = 0; i < 3; ++i) all.push_back(client.get("http://sim/add?delay=100"));
    std::vector<double> done;
    for (auto& r : co_await when_all(std::move(all))) done.push_back(to_seconds(r.done));
    co_return done;
  };
  const auto done = world.run(three_at_once(world.sched, sim));
  CHECK(done == std::vector<double>{0.1, 0.2, 0.3});
  CHECK(sim.stats().max_server_in_flight == 1);
}

TEST_CASE("simulated_transport times out requests stuck in a limited server's queue") {
  test::virtual_world world;
  simulated_transport sim{world.sched, {.server_concurrency = 1}};
  auto three_at_once = [](scheduler& sched, transport& via) -> task<std::vector<response>> {
    http_client client{sched, via, {.timeout = 250ms}};
    std::vector<task<response>> all;
    for (int i = 0; i < 3; ++i) all.push_back(client.get("http://sim/add?delay=100"));
    co_return co_await when_all(std::move(all));
  };
  const auto r = world.run(three_at_once(world.sched, sim));
  CHECK(r[0].error == transfer_error::none);
  CHECK(r[1].error == transfer_error::none);
  CHECK(r[2].error == transfer_error::timeout);  // it would have finished at 300 ms
  CHECK(to_seconds(r[2].done) == Approx(0.25));
  CHECK(sim.stats().timeouts == 1);
  CHECK(sim.stats().served == 3);
}

TEST_CASE("simulated_transport answers a delay past an hour with 400, never an overflowed sleep") {
  test::virtual_world world;
  simulated_transport sim{world.sched, {}};
  for (const char* delay : {"3600001", "9223372036854775807", "-1"}) {
    INFO(delay);
    const auto r = world.run(get(world.sched, sim, std::string("http://sim/add?name=t&delay=") + delay));
    CHECK(r.status == 400);
    CHECK(r.done >= r.started);
  }
  const auto hour = world.run(get(world.sched, sim, "http://sim/add?name=t&delay=3600000"));
  CHECK(hour.status == 200);
  CHECK(to_seconds(hour.done - hour.started) == Approx(3600));
}

TEST_CASE("simulated_transport validate refuses knobs past a minute and crawls that could outrun the clock") {
  crawl_config config = test::book(strategy_kind::aiohttp);
  config.server = simulated_target{};
  CHECK(validate(simulation_options{}, config).has_value());
  CHECK(validate(simulation_options{.round_trip = 60001ms}, config).error().message ==
        "sim-rtt: must be a number from 0 to 60,000 ms");
  CHECK_FALSE(validate(simulation_options{.connect = -1ms}, config).has_value());
  CHECK_FALSE(validate(simulation_options{.jitter = 61s}, config).has_value());
  CHECK(validate(simulation_options{.round_trip = 60s, .connect = 60s, .jitter = 60s}, config).has_value());
  CHECK(validate(simulation_options{.server_concurrency = static_cast<std::size_t>(-1)}, config).error().message ==
        "sim-server-limit: must be a whole number from 0 to 1,000,000");
  // 100,000 requests of an hour through a server that serves one at a time: 360,000,000 s.
  config = test::book(strategy_kind::aiohttp, 100'000, 3'600'000, 1000);
  config.server = simulated_target{};
  CHECK(validate(config).has_value());  // fine for a real server: 100 waves of an hour
  const auto problem = validate(simulation_options{.server_concurrency = 1}, config);
  REQUIRE_FALSE(problem.has_value());
  CHECK(problem.error().message.find("at most 10,000,000 s") != std::string::npos);
  config.rate_rps = 1e-300;
  CHECK_FALSE(validate(simulation_options{}, config).has_value());  // the config's own check first
}

TEST_CASE("simulated_transport says which requests opened a connection, and when it was connected") {
  test::virtual_world world;
  simulated_transport sim{world.sched, {.round_trip = 10ms, .connect = 5ms}};
  auto two_in_a_row = [](scheduler& sched, transport& via) -> task<std::pair<response, response>> {
    http_client client{sched, via, {.reuse = connection_reuse::pooled}};
    auto a = co_await client.get("http://sim/add?delay=100");
    auto b = co_await client.get("http://sim/add?delay=100");
    co_return std::pair{std::move(a), std::move(b)};
  };
  const auto [first, second] = world.run(two_in_a_row(world.sched, sim));
  CHECK(first.connection == connection_use::opened);
  CHECK(first.connected - first.started == 5ms);
  CHECK(second.connection == connection_use::reused);
  CHECK(sim.stats().tls_handshakes == 0);
}

TEST_CASE("simulated_transport with TLS pays the handshake's round trips and CPU on each new connection") {
  test::virtual_world world;
  simulated_transport sim{world.sched, {.round_trip = 10ms, .connect = 5ms, .tls_round_trips = 2, .tls_cpu = 3ms}};
  const auto r = world.run(get(world.sched, sim, "http://sim/add?delay=100"));
  CHECK(r.connection == connection_use::opened_tls);
  CHECK(r.connected - r.started == 5ms);
  CHECK(r.tls_done - r.connected == 2 * 10ms + 3ms);  // two round trips, then the CPU
  CHECK(r.done - r.started == 5ms + 23ms + 10ms + 100ms);
  CHECK(sim.stats().tls_handshakes == 1);
}

TEST_CASE("simulated_transport does the client's handshakes one at a time: CPU queues, round trips overlap") {
  test::virtual_world world;
  simulated_transport sim{world.sched, {.round_trip = 10ms, .tls_round_trips = 1, .tls_cpu = 4ms}};
  auto config = test::book(strategy_kind::gevent, 50, 100, 50);  // 50 fresh connections at once
  config.server = simulated_target{sim.options()};
  const auto r = summarize(world.run(run_crawl(world.sched, sim, config)));
  REQUIRE(r.ok == 50);
  CHECK(r.connections_opened == 50u);
  CHECK(r.tls_handshakes == 50u);
  // the 50th handshake ends after the round trip and 50 handshakes' CPU: 10 + 200 ms
  clock::duration last{};
  for (const auto& s : r.spans) last = std::max(last, s.tls_done);
  CHECK(last == 210ms);
  CHECK(r.seconds == Approx(0.210 + 0.010 + 0.100));
}

TEST_CASE("simulated_transport: a fresh-connection strategy opens N connections, a pooled one C") {
  for (const auto strategy : {strategy_kind::gevent, strategy_kind::aiohttp}) {
    test::virtual_world world;
    simulated_transport sim{world.sched, {.round_trip = 2ms, .connect = 1ms, .tls_round_trips = 1}};
    auto config = test::book(strategy, 1000, 100, 100);
    config.server = simulated_target{sim.options()};
    const auto r = summarize(world.run(run_crawl(world.sched, sim, config)));
    REQUIRE(r.ok == 1000);
    const std::size_t expected = strategy == strategy_kind::gevent ? 1000 : 100;
    CHECK(r.connections_opened == expected);
    CHECK(r.tls_handshakes == expected);
    // each opened connection took connect + one round trip to be usable
    REQUIRE(r.connection_setup_s.has_value());
    CHECK(*r.connection_setup_s == Approx(static_cast<double>(expected) * 0.003));
  }
}

TEST_CASE("simulated_transport validate refuses TLS knobs out of range, and TLS CPU without TLS") {
  crawl_config config = test::book(strategy_kind::aiohttp);
  config.server = simulated_target{};
  CHECK(validate(simulation_options{.tls_round_trips = 3, .tls_cpu = 60s}, config).has_value());
  CHECK(validate(simulation_options{.tls_round_trips = 4}, config).error().message ==
        "sim-tls-rtts: must be a whole number from 0 to 3");
  CHECK(validate(simulation_options{.tls_round_trips = 1, .tls_cpu = 60001ms}, config).error().message ==
        "sim-tls-cpu: must be a number from 0 to 60,000 ms");
  CHECK(validate(simulation_options{.tls_cpu = 1ms}, config).error().message ==
        "sim-tls-cpu: a TLS handshake's CPU needs TLS (sim-tls-rtts 1 or more)");
  // a million handshakes of a minute's CPU each, one at a time: past the longest run
  config = test::book(strategy_kind::gevent, 1'000'000, 100, 1000);
  config.server = simulated_target{};
  const auto problem = validate(simulation_options{.tls_round_trips = 1, .tls_cpu = 60s}, config);
  REQUIRE_FALSE(problem.has_value());
  CHECK(problem.error().message.find("at most 10,000,000 s") != std::string::npos);
}
