#include <catch2/catch.hpp>

#include <stdexcept>

#include "crawlbench/crawl_plan.hpp"
#include "crawlbench/mixed.hpp"
#include "crawlbench/result.hpp"
#include "crawlbench/simulated_transport.hpp"
#include "crawlbench/target.hpp"
#include "support.hpp"

using namespace crawlbench;
using namespace std::chrono_literals;

TEST_CASE("server_target parse: empty is the embedded server, a URL a url target, a bad URL a message") {
  const auto embedded = parse_server_target("");
  REQUIRE(embedded.has_value());
  CHECK(embedded->is_embedded());
  CHECK_FALSE(embedded->started());

  const auto url = parse_server_target("http://[::1]:8082");
  REQUIRE(url.has_value());
  CHECK(*url == server_target{url_target{"http://[::1]:8082"}});
  CHECK(url->base_url() == "http://[::1]:8082");

  const auto bad = parse_server_target("http://::1:8082");
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().message == "\"http://::1:8082\": the IPv6 address ::1 needs brackets: http://[::1]:8082");
  const auto query = parse_server_target("http://127.0.0.1:8082/?x=1");
  REQUIRE_FALSE(query.has_value());
  CHECK(query.error().message.find("no query or fragment") != std::string::npos);
}

TEST_CASE("server_target describe: the labels of each alternative, before and after the embedded server starts") {
  const server_target embedded;
  CHECK(embedded.describe() == "embedded");
  CHECK(embedded.started_at("http://127.0.0.1:40123").describe() == "http://127.0.0.1:40123 (embedded)");
  CHECK(embedded.started_at("http://127.0.0.1:8082").describe("this page's server") ==
        "http://127.0.0.1:8082 (this page's server)");
  CHECK(server_target{url_target{"http://10.0.0.1:8082"}}.describe() == "http://10.0.0.1:8082");
  CHECK(server_target{simulated_target{}}.describe() == "simulated");
}

TEST_CASE("server_target started_at names the embedded server's URL once, and other targets stay as they are") {
  const server_target embedded;
  const auto started = embedded.started_at("http://127.0.0.1:40123");
  CHECK(started.is_embedded());
  CHECK(started.started());
  CHECK(started.base_url() == "http://127.0.0.1:40123");

  const server_target url{url_target{"http://127.0.0.1:1"}};
  CHECK(url.started_at("http://127.0.0.1:40123") == url);
  const server_target sim{simulated_target{}};
  CHECK(sim.started_at("http://127.0.0.1:40123") == sim);
  CHECK(sim.base_url() == simulated_base_url);
}

TEST_CASE("server_target base_url refuses an embedded target whose server was never started") {
  CHECK_THROWS_AS(server_target{}.base_url(), std::logic_error);

  // A crawl of it is refused before any request, not sent to a made-up host.
  test::virtual_world world;
  simulated_transport sim{world.sched, {}};
  auto config = test::book(strategy_kind::aiohttp, 10, 100, 10);
  config.server = server_target{};
  CHECK(validate(config));  // the numbers are fine: a CLI checks them before starting the server
  CHECK_THROWS_AS(world.run(run_crawl(world.sched, sim, config)), std::logic_error);
  config.server = config.server.started_at(std::string(simulated_base_url));
  CHECK(summarize(world.run(run_crawl(world.sched, sim, config))).ok == 10);
}

TEST_CASE("server_target check: a url target's URL is checked by validate, the others need no check") {
  CHECK(server_target{}.check());
  CHECK(server_target{simulated_target{}}.check());
  CHECK(server_target{url_target{"http://127.0.0.1:8082"}}.check());
  mixed_config mixed;
  mixed.server = url_target{"http://127.0.0.1:99999"};
  REQUIRE_FALSE(validate(mixed));
  CHECK(validate(mixed).error().message == "server: \"http://127.0.0.1:99999\": the port 99999 is not from 1 to 65535");
  mixed.server = server_target{};
  CHECK(validate(mixed));
}

TEST_CASE("server_target link_text: a share link names a URL, and nothing for a server the opener starts") {
  CHECK(server_target{}.link_text().empty());
  CHECK(server_target{}.started_at("http://127.0.0.1:40123").link_text().empty());
  CHECK(server_target{simulated_target{}}.link_text().empty());
  CHECK(server_target{url_target{"http://127.0.0.1:8082"}}.link_text() == "http://127.0.0.1:8082");
  // Read back, each is the target it was written from (a simulated one is opened on an embedded server).
  for (const server_target& t : {server_target{}, server_target{url_target{"http://127.0.0.1:8082"}}}) {
    CHECK(parse_server_target(t.link_text()).value() == t);
  }
}

TEST_CASE("plan_runs gives every run the plan's target") {
  crawl_plan plan;
  plan.concurrency = {1, 51};
  for (const server_target& t : {server_target{}, server_target{simulated_target{}},
                                 server_target{url_target{"http://127.0.0.1:1"}}}) {
    const auto runs = plan_runs(plan, t);
    REQUIRE(runs.size() == 1 + (all_strategies.size() - 1) * 2);
    for (const auto& config : runs) CHECK(config.server == t);
  }
}

TEST_CASE("server_target simulated: carries the simulator's knobs, and its label names those that are not zero") {
  const server_target plain{simulated_target{}};
  REQUIRE(plain.simulation() != nullptr);
  CHECK(*plain.simulation() == simulation_options{});
  CHECK(server_target{url_target{"http://127.0.0.1:8082"}}.simulation() == nullptr);
  CHECK(server_target{}.simulation() == nullptr);

  const server_target knobs{simulated_target{{.round_trip = 2ms, .server_concurrency = 10, .jitter = 500us}}};
  CHECK(knobs.describe() == "simulated (round trip 2 ms, jitter 0.5 ms, server limit 10)");
  CHECK(knobs != plain);  // the knobs are part of what a run was made with
}

TEST_CASE("server_target simulated: validate(crawl_config) checks the knobs and the longest virtual run") {
  auto config = test::book(strategy_kind::aiohttp, 100, 100, 10);
  config.server = simulated_target{{.round_trip = 60001ms}};
  REQUIRE_FALSE(validate(config));
  CHECK(validate(config).error().message.rfind("sim-rtt: ", 0) == 0);
  config.server = simulated_target{{.connect = -1ms}};
  CHECK_FALSE(validate(config));
  config.server = simulated_target{{.round_trip = 60s, .connect = 60s, .jitter = 60s}};
  CHECK(validate(config));
  config.num = 10'000'000;
  config.server = simulated_target{{.round_trip = 60s, .server_concurrency = 1}};
  REQUIRE_FALSE(validate(config));
  CHECK(validate(config).error().message.find("the simulated crawl may take up to") != std::string::npos);
}

TEST_CASE("simulation_ms: a knob in ms is the same duration wherever it is read (the jitter's draws depend on it)") {
  CHECK(simulation_ms(3) == 3ms);
  CHECK(simulation_ms(0.1) == 100us);
  CHECK(simulation_ms(10) == 10ms);
  CHECK(simulation_ms(60'000) == 60s);
  CHECK(simulation_ms(-1) == -1ms);  // check_simulation refuses it with its name
  CHECK(simulation_ms(std::nan("")) == clock::duration::zero());
  CHECK(simulation_ms(1e300) > 60s);  // saturates, never wraps: refused as too large
  // Written as ms (a share link) and read back, every whole microsecond comes back exact.
  for (const double ms : {0.001, 0.1, 2.5, 3.0, 7.0, 10.0, 59'999.999}) {
    const auto d = simulation_ms(ms);
    CHECK(simulation_ms(to_seconds(d) * 1000) == d);
  }
}
