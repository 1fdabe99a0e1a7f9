// One share of a whole run (--segment I/K, issue 21): the shares, the plan's split, and a
// segment's crawl sending exactly the whole run's requests I, I+K, ... (URLs, origins, schedule).
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "crawlbench/crawl.hpp"
#include "crawlbench/crawl_plan.hpp"
#include "crawlbench/result.hpp"
#include "crawlbench/segment.hpp"
#include "support.hpp"

using namespace crawlbench;

namespace {
struct recorded_run {
  crawl_run run;
  std::vector<std::string> urls;
};

recorded_run crawl_recorded(const crawl_config& config) {
  test::virtual_world world;
  test::recording_transport recorder{world.time};
  auto run = world.run(run_crawl(world.sched, recorder, config));
  return {std::move(run), std::move(recorder.urls)};
}
}  // namespace

TEST_CASE("segment parse reads I/K and refuses anything else, saying why") {
  CHECK(parse_segment("0/3").value() == run_segment{0, 3});
  CHECK(parse_segment("2/3").value() == run_segment{2, 3});
  CHECK(parse_segment("0/1").value() == run_segment{0, 1});
  CHECK(parse_segment("9999/10000").value() == run_segment{9999, 10000});
  for (const char* bad : {"3/3", "1/0", "a/3", "1", "-1/3", "1/10001", "1/3x", "", "/3", "1/", "1/3/4"}) {
    INFO(bad);
    const auto parsed = parse_segment(bad);
    REQUIRE_FALSE(parsed);
    CHECK_FALSE(parsed.error().message.empty());
  }
  CHECK_THAT(parse_segment("3/3").error().message, Catch::Contains("segment 3 is not one of 0 to 2"));
  CHECK_THAT(parse_segment("1/10001").error().message, Catch::Contains("10,000"));
}

TEST_CASE("segment shares of N and C sum to the whole - differ by at most one - and cover each request once") {
  for (std::size_t k = 1; k <= 7; ++k) {
    for (std::size_t n = k; n <= 30; ++n) {
      std::vector<int> sent(n, 0);
      std::size_t requests = 0, concurrency = 0;
      for (std::size_t i = 0; i < k; ++i) {
        const run_segment s{i, k};
        requests += s.share_of_requests(n);
        concurrency += s.share_of_concurrency(n);
        CHECK(s.share_of_concurrency(n) >= n / k);
        CHECK(s.share_of_concurrency(n) <= n / k + 1);
        for (std::size_t j = 0; j < s.share_of_requests(n); ++j) ++sent.at(s.whole_request(j));
      }
      INFO("K=" << k << " N=" << n);
      CHECK(requests == n);
      CHECK(concurrency == n);
      CHECK(std::all_of(sent.begin(), sent.end(), [](int times) { return times == 1; }));
    }
  }
}

TEST_CASE("segment runs of a plan: shares of N, C and rate, serial in segment 0 alone") {
  const auto plan = test::three_strategy_plan(1000, 50, 100, 100);
  const auto first = segment_runs(plan, server_target{}, {0, 3}).value();
  const auto second = segment_runs(plan, server_target{}, {1, 3}).value();
  REQUIRE(first.size() == 3);
  REQUIRE(second.size() == 2);  // no serial
  CHECK(first[0].strategy == strategy_kind::serial);
  CHECK(first[0].num == 50);
  CHECK(first[0].segment.whole());  // serial runs its whole share
  CHECK(first[1].num == 334);
  CHECK(first[1].concurrency == 34);
  CHECK(second[0].strategy == strategy_kind::aiohttp);
  CHECK(second[0].num == 333);
  CHECK(second[0].concurrency == 33);
  CHECK(second[0].segment == run_segment{1, 3});
  // The whole rate (C / delay: 1,000 requests/s) in thirds.
  CHECK(second[1].rate_rps == Approx(1000.0 / 3));
}

TEST_CASE("segment runs refuse a split over more segments than a run has requests or concurrency") {
  crawl_plan plan;
  plan.strategies = {strategy_kind::aiohttp};
  plan.num = 1000;
  plan.concurrency = {2};
  auto refused = segment_runs(plan, server_target{}, {0, 3});
  REQUIRE_FALSE(refused);
  CHECK_THAT(refused.error().message, Catch::Contains("concurrency 2 cannot be split over 3 segments"));
  plan.concurrency = {10};
  plan.num = 2;
  refused = segment_runs(plan, server_target{}, {0, 3});
  REQUIRE_FALSE(refused);
  CHECK_THAT(refused.error().message, Catch::Contains("2 requests cannot be split over 3 segments"));
  plan.strategies = {strategy_kind::serial};  // concurrency 1, in segment 0 alone: nothing to split
  CHECK(segment_runs(plan, server_target{}, {2, 3}).value().empty());
  CHECK(segment_runs(plan, server_target{}, {0, 3}).value().size() == 1);
}

TEST_CASE("segment crawls send the whole run's URLs - each once - at the whole run's origins") {
  auto whole = test::book(strategy_kind::aiohttp, 10, 0, 6);
  whole.server = url_target{"http://127.0.0.1:8082"};
  whole.mirrors = {"http://127.0.0.1:8083"};
  const auto expected = crawl_recorded(whole).urls;
  REQUIRE(expected.size() == 10);
  std::map<std::size_t, std::string> sent;  // whole request number -> URL
  for (std::size_t i = 0; i < 3; ++i) {
    const auto share = segment_share(whole, {i, 3}).value();
    const auto got = crawl_recorded(share);
    REQUIRE(got.urls.size() == share.num);
    for (std::size_t j = 0; j < got.urls.size(); ++j) {
      CHECK(sent.emplace(share.segment.whole_request(j), got.urls[j]).second);
    }
  }
  REQUIRE(sent.size() == 10);
  for (std::size_t g = 0; g < 10; ++g) CHECK(sent[g] == expected[g]);  // the same URL, so the same origin too
}

TEST_CASE("segment of a URL list fetches its entries I, I+K, ... and wants num to be its share") {
  std::vector<std::string> urls;
  for (int i = 0; i < 7; ++i) urls.push_back("http://127.0.0.1:9/page" + std::to_string(i));
  auto whole = test::book(strategy_kind::aiohttp, 7, 0, 3);
  whole.server = url_list_target{urls};
  const auto share = segment_share(whole, {1, 3}).value();
  CHECK(share.num == 2);
  CHECK(crawl_recorded(share).urls == std::vector<std::string>{urls[1], urls[4]});
  CHECK(request_url(share, 1) == urls[4]);
  auto wrong = share;
  wrong.num = 7;
  REQUIRE_FALSE(validate(wrong));
  CHECK_THAT(validate(wrong).error().message, Catch::Contains("makes 2 requests in segment 1/3"));
}

TEST_CASE("segment of rate keeps each request at its place in the whole run's schedule") {
  auto whole = test::book(strategy_kind::rate, 12, 0, 6);
  whole.rate_rps = 100;  // request g is due at g x 10 ms
  const auto all = crawl_recorded(whole).run.spans;
  for (std::size_t i = 0; i < 3; ++i) {
    const auto share = segment_share(whole, {i, 3}).value();
    CHECK(share.rate_rps == Approx(100.0 / 3));
    const auto spans = crawl_recorded(share).run.spans;
    REQUIRE(spans.size() == 4);
    for (std::size_t j = 0; j < spans.size(); ++j) {
      INFO("segment " << i << " request " << j);
      const auto g = share.segment.whole_request(j);
      CHECK(to_seconds(spans[j].intended) == Approx(to_seconds(all[g].intended)).margin(1e-6));
    }
  }
}

TEST_CASE("segment crawls in real time record their wall-clock start - virtual time none") {
  real_clock wall;
  const double before = to_seconds(std::chrono::system_clock::now().time_since_epoch());
  const double start = wall.unix_seconds(wall.now()).value();
  const double after = to_seconds(std::chrono::system_clock::now().time_since_epoch());
  CHECK(start >= before - 0.001);
  CHECK(start <= after + 0.001);
  CHECK_FALSE(crawl_recorded(test::book(strategy_kind::aiohttp, 3, 0, 3)).run.epoch_s);
}

TEST_CASE("segment runs begin on the plan's schedule - the same in every segment - serial waited out") {
  const auto plan = test::three_strategy_plan(200, 20, 50, 20);
  // Slots of 2 x bound + 2 s: serial 20 x 50 ms = 1 s -> 4 s; aiohttp ceil(200 / 20) x 50 ms -> 3 s.
  CHECK(segment_run_offsets(plan, server_target{}, {0, 2}) == std::vector<double>{0, 4, 7});
  CHECK(segment_run_offsets(plan, server_target{}, {1, 2}) == std::vector<double>{4, 7});  // no serial, same times
  CHECK(segment_slot_seconds(test::book(strategy_kind::aiohttp, 1000, 100, 100)) == Approx(4));
}

TEST_CASE("segment of rate refuses a share below the least rate - naming the share") {
  auto whole = test::book(strategy_kind::rate, 10, 0, 4);
  whole.rate_rps = 0.001;
  const auto refused = segment_share(whole, {1, 2});
  REQUIRE_FALSE(refused);
  CHECK_THAT(refused.error().message, Catch::Contains("0.0005 per segment over 2 segments"));
}
