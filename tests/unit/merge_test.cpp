// K segment files back into one result (crawlbench merge, issue 21): the merged run is the whole
// run's requests on one time axis, and files that are not one plan's K segments are refused.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "crawlbench/merge.hpp"
#include "crawlbench/result_document.hpp"
#include "crawlbench/simulated_run.hpp"
#include "support.hpp"

using namespace crawlbench;

namespace {
const std::string digest = "sha256:" + std::string(64, 'a');

crawl_plan small_plan() { return test::three_strategy_plan(100, 10, 100, 10); }

// Segment i of k of `plan`, crawled on the simulated server (virtual time: no epoch), as the
// file `crawlbench run --segment i/k --out` writes.
segment_file simulated_segment(const crawl_plan& plan, std::size_t i, std::size_t k, simulation_options sim = {}) {
  const server_target server = simulated_target{sim};
  result_document doc;
  doc.plan = plan;
  doc.server = server;
  doc.plan_digest = digest;
  doc.segment = run_segment{i, k};
  const auto runs = segment_runs(plan, server, {i, k}).value();
  for (const auto& config : runs) doc.runs.push_back(summarize(run_simulated(config)));
  return {"segment-" + std::to_string(i) + ".json", std::move(doc)};
}

std::vector<segment_file> simulated_segments(const crawl_plan& plan, std::size_t k, simulation_options sim = {}) {
  std::vector<segment_file> files;
  for (std::size_t i = 0; i < k; ++i) files.push_back(simulated_segment(plan, i, k, sim));
  return files;
}

std::string refusal(const std::vector<segment_file>& files) {
  auto merged = merge_segments(files);
  REQUIRE_FALSE(merged);
  return merged.error().message;
}
}  // namespace

TEST_CASE("merge of K simulated segments has the whole run's requests, bytes and concurrency") {
  const auto plan = small_plan();
  const auto files = simulated_segments(plan, 3, {.jitter = std::chrono::milliseconds(20), .seed = 5});
  const auto merged = merge_segments(files).value();
  CHECK(merged.merged_segments == 3);
  CHECK(merged.plan_digest == digest);
  REQUIRE(merged.runs.size() == 3);
  const auto& serial = merged.runs[0];
  CHECK(serial.strategy == "serial");
  CHECK(serial.num == 10);
  CHECK(serial.segment_starts_s == std::vector<double>{0});  // segment 0's alone
  for (const std::size_t r : {1u, 2u}) {
    const auto& run = merged.runs[r];
    INFO(run.strategy);
    CHECK(run.num == 100);
    CHECK(run.ok == 100);
    CHECK(run.errors == 0);
    CHECK(run.concurrency == 10);
    CHECK(run.max_in_flight <= 10);
    CHECK(run.spans.size() == 100);
    std::size_t bytes = 0;
    double seconds = 0, lowest_p50 = 1e9, highest_p50 = 0;
    for (const auto& f : files) {
      const auto& part = f.doc.runs[f.doc.segment->index == 0 ? r : r - 1];
      bytes += part.result_bytes;
      seconds = std::max(seconds, part.seconds);
      lowest_p50 = std::min(lowest_p50, part.latency.p50);
      highest_p50 = std::max(highest_p50, part.latency.p50);
    }
    CHECK(run.result_bytes == bytes);
    CHECK(run.seconds == Approx(seconds).margin(1e-6));  // all start at virtual 0: the last end
    CHECK(run.latency.p50 >= lowest_p50 - 1e-6);
    CHECK(run.latency.p50 <= highest_p50 + 1e-6);
    // The whole run's bound: ceil(100 / 10) x 100 ms; for rate its schedule, 99 / 100 + 0.1 s.
    CHECK(run.lower_bound_s == Approx(run.strategy == "rate" ? 1.09 : 1.0));
    CHECK(run.segment_starts_s == std::vector<double>{0, 0, 0});
  }
  CHECK(merged.runs[2].rate_rps == Approx(100.0));  // the segments' thirds: C / delay
}

TEST_CASE("merge puts request I + jK of each segment back at its number") {
  const auto plan = small_plan();
  const auto files = simulated_segments(plan, 3, {.jitter = std::chrono::milliseconds(30), .seed = 9});
  const auto merged = merge_segments(files).value();
  const auto& aiohttp = merged.runs[1];
  for (const auto& f : files) {
    const auto& part = f.doc.runs[f.doc.segment->index == 0 ? 1 : 0];
    for (std::size_t j = 0; j < part.spans.size(); ++j) {
      const auto& span = aiohttp.spans[f.doc.segment->whole_request(j)];
      CHECK(span.done == part.spans[j].done);
      CHECK(span.started == part.spans[j].started);
    }
  }
}

TEST_CASE("merge puts segments on one time axis by their wall-clock starts and keeps the spread") {
  auto files = simulated_segments(small_plan(), 2);
  // As if segment 1 had begun 0.25 s after segment 0 on a real clock.
  for (auto& f : files) {
    for (auto& r : f.doc.runs) r.epoch_s = 1'700'000'000.0 + (f.doc.segment->index == 1 ? 0.25 : 0.0);
  }
  const auto merged = merge_segments(files).value();
  const auto& aiohttp = merged.runs[1];
  CHECK(aiohttp.epoch_s == Approx(1'700'000'000.0));
  REQUIRE(aiohttp.segment_starts_s.size() == 2);
  CHECK(aiohttp.segment_starts_s[1] == Approx(0.25));
  const auto& late = files[1].doc.runs[0];
  CHECK(aiohttp.seconds == Approx(0.25 + late.seconds).margin(1e-6));  // first start to last end
  CHECK(to_seconds(aiohttp.spans[1].started) == Approx(0.25 + to_seconds(late.spans[0].started)).margin(1e-6));
}

TEST_CASE("merge refuses files that are not the K segments of one plan - naming them") {
  const auto plan = small_plan();
  auto files = simulated_segments(plan, 3);
  SECTION("a segment missing") {
    files.pop_back();
    CHECK_THAT(refusal(files), Catch::Contains("segment(s) 2 of 3 missing"));
  }
  SECTION("a segment twice") {
    files[2] = files[1];
    files[2].name = "copy.json";
    CHECK_THAT(refusal(files), Catch::Contains("segment-1.json and copy.json are both segment 1 of 3"));
  }
  SECTION("another split") {
    files[2] = simulated_segment(plan, 1, 4);
    CHECK_THAT(refusal(files), Catch::Contains("not one split"));
  }
  SECTION("another plan: other fields") {
    auto other = plan;
    other.num = 99;
    files[2] = simulated_segment(other, 2, 3);
    CHECK_THAT(refusal(files), Catch::Contains("segment-2.json ran another plan than segment-0.json"));
  }
  SECTION("another plan: another digest (a URL list's URLs, say)") {
    files[1].doc.plan_digest = "sha256:" + std::string(64, 'b');
    CHECK_THAT(refusal(files), Catch::Contains("ran another plan"));
  }
  SECTION("a file with no plan or segment") {
    files[0].doc.segment.reset();
    CHECK_THAT(refusal(files), Catch::Contains("segment-0.json is not a segment"));
  }
  SECTION("an interrupted segment") {
    files[1].doc.runs.pop_back();
    CHECK_THAT(refusal(files), Catch::Contains("has 1 runs where its plan gives it 2"));
  }
  SECTION("a segment cut short by Ctrl-C") {
    files[2].doc.interrupted = true;
    CHECK_THAT(refusal(files), Catch::Contains("segment-2.json was interrupted"));
  }
  SECTION("a clock years off: beyond one time axis, not wrapped") {
    for (auto& f : files) {
      for (auto& r : f.doc.runs) r.epoch_s = f.doc.segment->index == 1 ? 9.1e9 : 1.0;
    }
    files[1].doc.runs[0].seconds = 9e9;
    CHECK_THAT(refusal(files), Catch::Contains("beyond one time axis"));
  }
  SECTION("many segments missing: ten named, the rest counted") {
    auto wide = plan;
    wide.concurrency = {30};
    files = {simulated_segment(wide, 0, 30)};
    CHECK_THAT(refusal(files), Catch::Contains("segment(s) 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 19 more of 30 missing"));
  }
  SECTION("a run without its spans (--json, not --out)") {
    files[1].doc.runs[0].spans.clear();
    CHECK_THAT(refusal(files), Catch::Contains("has not every request's span"));
  }
  SECTION("real and virtual time mixed") {
    files[1].doc.runs[0].epoch_s = 1'700'000'000.0;
    CHECK_THAT(refusal(files), Catch::Contains("real and virtual time"));
  }
  SECTION("nothing") {
    CHECK_THAT(refusal({}), Catch::Contains("nothing to merge"));
  }
}

TEST_CASE("merge result documents round-trip their plan - digest - segment - epochs and segment starts") {
  auto file = simulated_segment(small_plan(), 1, 3);
  file.doc.runs[0].epoch_s = 1'764'570'600.123456;
  file.doc.runs[0].segment_starts_s = {0, 0.001234};
  file.doc.merged_segments = 3;
  file.doc.interrupted = true;
  const auto back = read_result_document(write_result_document(file.doc, true)).value();
  REQUIRE(back.plan);
  CHECK(back.plan->num == 100);
  CHECK(back.plan->strategies == small_plan().strategies);
  CHECK(back.server.is_simulated());
  CHECK(back.plan_digest == digest);
  CHECK(back.segment == run_segment{1, 3});
  CHECK(back.merged_segments == 3);
  CHECK(back.interrupted);
  REQUIRE(back.runs.size() == 2);
  CHECK(*back.runs[0].epoch_s == Approx(1'764'570'600.123456).margin(1e-6));
  CHECK(back.runs[0].segment_starts_s == std::vector<double>{0, 0.001234});
  CHECK_FALSE(back.runs[1].epoch_s);
  CHECK(back.runs[0].spans.size() == back.runs[0].num);
}

TEST_CASE("merge result documents refuse a bad digest or segment - naming the field") {
  const auto text = write_result_document(simulated_segment(small_plan(), 1, 3).doc, false);
  const auto with = [&](const std::string& from, const std::string& to) {
    std::string changed = text;
    const auto at = changed.find(from);
    REQUIRE(at != std::string::npos);
    return read_result_document(changed.replace(at, from.size(), to));
  };
  CHECK_THAT(with(digest, "sha256:xyz").error().message, Catch::Contains("plan_digest"));
  CHECK_THAT(with("\"index\":1", "\"index\":3").error().message, Catch::Contains("segment.index"));
  CHECK_THAT(with("\"count\":3", "\"count\":0").error().message, Catch::Contains("segment.count"));
  CHECK_THAT(with("\"num\":100", "\"num\":0").error().message, Catch::Contains("plan.num"));
}
