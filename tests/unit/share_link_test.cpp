// Share links: round trips (exact summaries, quantised spans), size, and every bad link a user
// can paste giving a message instead of a crash.
#include <catch2/catch.hpp>

#include <limits>
#include <optional>
#include <random>

#include "crawlbench/crawl_plan.hpp"
#include "crawlbench/share_link.hpp"
#include "crawlbench/simulated_transport.hpp"
#include "support.hpp"

using namespace crawlbench;
using namespace std::chrono_literals;

namespace {
// The default crawl of the four book strategies (serial at its reduced N), simulated with a
// little jitter so spans differ from one another.
shared_results book_run(std::size_t num = 1000) {
  shared_results out;
  out.plan.strategies = {strategy_kind::serial, strategy_kind::gevent, strategy_kind::tornado, strategy_kind::aiohttp};
  out.plan.num = num;
  for (auto config : plan_runs(out.plan, simulated_target{})) {
    test::virtual_world world;
    simulation_options sim_options;
    sim_options.jitter = 7ms;
    simulated_transport sim{world.sched, sim_options};
    out.runs.push_back(summarize(world.run(run_crawl(world.sched, sim, config))));
  }
  return out;
}

const shared_results& decoded(const expected<shared_results>& v) {
  if (!v) FAIL(v.error().message);
  return v.value();
}

std::string message(const expected<shared_results>& v) {
  REQUIRE_FALSE(v.has_value());
  return v.error().message;
}
}  // namespace

TEST_CASE("share link: the default four-strategy run fits well under 32 kB and comes back exact") {
  const auto original = book_run();
  const std::string url = share_url("http://127.0.0.1:8082/", original);
  INFO("link of " << url.size() << " characters");
  CHECK(url.size() < 16'000);
  CHECK(url.rfind("http://127.0.0.1:8082/#r=v1.", 0) == 0);
  const auto link = decode_share_link(url);
  const auto& back = decoded(link);
  CHECK(back.plan.strategies == original.plan.strategies);
  CHECK(back.plan.num == 1000);
  CHECK(back.plan.serial_num == 50);
  REQUIRE(back.runs.size() == 4);
  for (std::size_t i = 0; i < 4; ++i) {
    const auto& a = original.runs[i];
    const auto& b = back.runs[i];
    INFO(a.strategy);
    CHECK(b.strategy == a.strategy);
    CHECK(b.num == a.num);
    CHECK(b.ok == a.ok);
    CHECK(b.seconds == Approx(a.seconds).margin(1e-6));
    CHECK(b.latency.p99 == Approx(a.latency.p99).margin(1e-6));
    CHECK(b.max_in_flight == a.max_in_flight);
    REQUIRE(b.series.in_flight.size() == a.series.in_flight.size());
    for (std::size_t k = 0; k < a.series.in_flight.size(); ++k) {
      CHECK(b.series.in_flight[k] == Approx(a.series.in_flight[k]).margin(0.005));
      CHECK(b.series.throughput_rps[k] == Approx(a.series.throughput_rps[k]).margin(0.5));
    }
    CHECK(b.span_stride == 1);
    REQUIRE(b.spans.size() == a.spans.size());
    for (std::size_t k = 0; k < a.spans.size(); ++k) {
      CHECK(std::abs(to_seconds(b.spans[k].started - a.spans[k].started)) <= 0.0005);
      CHECK(std::abs(to_seconds(b.spans[k].done - a.spans[k].done)) <= 0.001);
      CHECK(b.spans[k].result == outcome::ok);
    }
  }
}

TEST_CASE("share link: large runs keep every k-th span, and failures survive with their status") {
  auto original = book_run(10'000);
  auto& aiohttp = original.runs[3];
  aiohttp.spans[4000].result = outcome::http_error;
  aiohttp.spans[4000].status = 400;
  aiohttp.spans[4001].recorded = false;  // not kept (4001 is not a multiple of 5): dropped
  const auto link = decode_share_link(share_url("http://h/", original));
  const auto& back = decoded(link);
  const auto& b = back.runs[3];
  CHECK(b.span_stride == 5);
  REQUIRE(b.spans.size() == 2000);
  CHECK(b.spans[800].result == outcome::http_error);
  CHECK(b.spans[800].status == 400);
  CHECK(b.spans[801].result == outcome::ok);
  CHECK(b.num == 10'000);
  CHECK(back.runs[0].span_stride == 1);  // serial's 50
}

TEST_CASE("share link: a tls_error and an unfinished request keep their kinds, with the older links' codes unchanged") {
  auto original = book_run(50);
  auto& gevent = original.runs[1];
  gevent.spans[3].result = outcome::tls_error;
  gevent.spans[3].status = 0;
  gevent.spans[4].recorded = false;
  gevent.spans[5].result = outcome::transport_error;
  gevent.spans[5].status = 0;
  const auto link = decode_share_link(share_url("http://h/", original));
  const auto& b = decoded(link).runs[1];
  REQUIRE(b.spans.size() == 50);
  CHECK(b.spans[3].recorded);
  CHECK(b.spans[3].result == outcome::tls_error);
  CHECK_FALSE(b.spans[4].recorded);
  CHECK(b.spans[5].result == outcome::transport_error);
  CHECK(b.spans[6].result == outcome::ok);
}

TEST_CASE("share link: bad links get a message a user can act on, never a crash") {
  const std::string good = encode_share_fragment(book_run(100));
  CHECK(message(decode_share_link("")).find("not a crawlbench results link") != std::string::npos);
  CHECK(message(decode_share_link("http://h/#x=1")).find("not a crawlbench results link") != std::string::npos);
  // cut at half its payload, on a whole base64 quantum (a cut inside one is "a cut in the middle")
  const std::size_t prefix = good.find('.') + 1;
  const std::string cut = good.substr(0, prefix + (good.size() - prefix) / 2 / 4 * 4);
  CHECK(message(decode_share_link(cut)).find("truncated") != std::string::npos);
  CHECK(message(decode_share_link("r=v9." + good.substr(5))).find("version 9") != std::string::npos);
  CHECK(message(decode_share_link("r=v1.@@@@")).find("corrupted") != std::string::npos);
  CHECK(message(decode_share_link("r=v1")).find("no version") != std::string::npos);
  CHECK(message(decode_share_link(std::string(share_link_max_chars + 1, 'A'))).find("too large") != std::string::npos);
  // Valid base64url of CBOR that is not a results document.
  CHECK(message(decode_share_link("r=v1.oWF2AQ")).find("corrupted") != std::string::npos);
}

TEST_CASE("share link: 3000 random corruptions of a real link never throw and are mostly refused") {
  const std::string good = encode_share_fragment(book_run(100));
  std::mt19937 random{42};
  const std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=%#";
  std::size_t refused = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string link = good;
    const int edits = 1 + static_cast<int>(random() % 4);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = 5 + random() % (link.size() - 5);
      switch (random() % 3) {
        case 0: link[at] = alphabet[random() % alphabet.size()]; break;
        case 1: link.erase(at, 1 + random() % 8); break;
        default: link.insert(at, 1, alphabet[random() % alphabet.size()]); break;
      }
    }
    std::optional<expected<shared_results>> result;
    REQUIRE_NOTHROW(result.emplace(decode_share_link(link)));
    if (!result->has_value()) ++refused;
  }
  // Most corruptions break the encoding; the few that do not still decode to a checked document.
  CHECK(refused > 2000);
}

TEST_CASE("share link: the origins a web crawl spread over come back and 1 is the default") {
  auto sharded = book_run(100);
  sharded.plan.origins = 16;
  CHECK(decoded(decode_share_link(encode_share_fragment(sharded))).plan.origins == 16);
  // A link without the field (every link made before it existed) means one origin.
  const auto plain = book_run(100);
  const std::string plain_link = encode_share_fragment(plain);
  CHECK(decoded(decode_share_link(plain_link)).plan.origins == 1);
  CHECK(plain_link.size() < encode_share_fragment(sharded).size());
  sharded.plan.origins = max_origins + 1;
  CHECK(message(decode_share_link(encode_share_fragment(sharded))).find("plan.origins") != std::string::npos);
  sharded.plan.origins = 0;
  CHECK(message(decode_share_link(encode_share_fragment(sharded))).find("plan.origins") != std::string::npos);
}

TEST_CASE("share link: numbers out of range in a link are refused with the field named, never wrapped") {
  const auto refused = [](const shared_results& bad) { return message(decode_share_link(encode_share_fragment(bad))); };
  const auto good = book_run(20);
  auto bad = good;
  bad.plan.rate_rps = 1e-300;  // issue 16
  CHECK(refused(bad).find("plan.rate_rps: expected 0 (concurrency / delay) or from 0.001") != std::string::npos);
  bad = good;
  bad.plan.num = 0;
  CHECK(refused(bad).find("plan.num: expected a whole number from 1 to 10,000,000") != std::string::npos);
  bad = good;
  bad.plan.delay_ms = -1;
  CHECK(refused(bad).find("plan.delay_ms: expected a whole number from 0 to 3,600,000") != std::string::npos);
  bad = good;
  bad.plan.concurrency = {static_cast<std::size_t>(-1)};
  CHECK(refused(bad).find("plan.concurrency: expected a whole number from 1 to 1,000,000") != std::string::npos);
  bad = good;
  bad.plan.timeout_ms = std::numeric_limits<std::int64_t>::max();
  CHECK(refused(bad).find("plan.timeout_ms: expected") != std::string::npos);
  // Every field in range, together a run longer than any: "Run again" would overflow the schedule.
  bad = good;
  bad.plan.strategies = {strategy_kind::rate};
  bad.plan.num = 10'000'000;
  bad.plan.rate_rps = 0.001;
  CHECK(refused(bad).find("plan: rate: 10,000,000 requests take at least") != std::string::npos);
  bad = good;
  bad.runs[1].seconds = -1;
  CHECK(refused(bad).find("runs[1].seconds: expected a number from 0 to 9,200,000,000") != std::string::npos);
  bad = good;
  bad.runs[1].latency.p50 = -9'223'372'036'842.0;  // issue 16's p50
  CHECK(refused(bad).find("runs[1].latency_ms.p50: expected") != std::string::npos);
  bad = good;
  bad.runs[1].num = std::numeric_limits<std::size_t>::max();  // would wrap (num + k - 1) / k
  CHECK(refused(bad).find("runs[1].num: expected") != std::string::npos);
  bad = good;
  bad.runs[1].delay_ms = std::numeric_limits<std::int64_t>::max() / 1'000'000;
  CHECK(refused(bad).find("runs[1].delay_ms: expected") != std::string::npos);
}

TEST_CASE("share link: a span past the clock's reach is refused, not overflowed") {
  auto results = book_run(20);
  auto& s = results.runs[1].spans[3];
  s.done = clock::duration::max();  // 9.22e9 s: past max_clock_seconds
  CHECK(message(decode_share_link(encode_share_fragment(results))).find("span out of range") != std::string::npos);
  s.done = s.started;
  s.started = -1s;  // before its run started
  CHECK(message(decode_share_link(encode_share_fragment(results))).find("span out of range") != std::string::npos);
}

TEST_CASE("share link: carries how the results were made: the simulator with its knobs, a server's URL, or the opener's own") {
  auto results = book_run(100);
  const simulation_options knobs{.round_trip = 2ms, .connect = 1500us, .server_concurrency = 10, .jitter = 7ms, .seed = 9};
  const simulation_options tls{.round_trip = 2ms, .tls_round_trips = 2, .tls_cpu = 750us};
  for (const server_target& made_on : {server_target{simulated_target{knobs}}, server_target{simulated_target{}},
                                       server_target{simulated_target{tls}},
                                       server_target{url_target{"http://127.0.0.1:8082"}}, server_target{}}) {
    INFO(made_on.describe());
    results.server = made_on;
    const auto back = decode_share_link(share_url("https://example.org/crawlbench/", results));
    CHECK(decoded(back).server == made_on);
  }
  // A started embedded server is the maker's own: the link says "the opener's own server".
  results.server = server_target{}.started_at("http://127.0.0.1:40123");
  CHECK(decoded(decode_share_link(encode_share_fragment(results))).server == server_target{});
}

TEST_CASE("share link: a simulator knob out of range is refused with the field named") {
  auto results = book_run(100);
  for (const auto& [bad, field] : {std::pair{simulation_options{.round_trip = 60001ms}, "plan.sim.round_trip_ms"},
                                   std::pair{simulation_options{.jitter = -1ms}, "plan.sim.jitter_ms"},
                                   std::pair{simulation_options{.server_concurrency = 1'000'001}, "plan.sim.server_limit"},
                                   std::pair{simulation_options{.tls_round_trips = 4}, "plan.sim.tls_round_trips"},
                                   std::pair{simulation_options{.tls_round_trips = 1, .tls_cpu = 60001ms}, "plan.sim.tls_cpu_ms"}}) {
    results.server = simulated_target{bad};
    const auto text = message(decode_share_link(encode_share_fragment(results)));
    INFO(text);
    CHECK(text.find(field) != std::string::npos);
  }
}
