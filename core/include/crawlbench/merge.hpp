#pragma once
// `crawlbench merge`: the K segment files of one plan (`crawlbench run --segment I/K --out F`)
// put back together as one result, as if one process had run the whole plan (docs/segments.md).
// Per run of the plan: counts and bytes summed; every span back at its request number (segment
// I's request j is request I + j·K) on one time axis, each segment's shifted by its start's
// distance from the earliest (the runs' epoch_s, wall clock); seconds from the first start to the
// last end; the bound, percentiles, in-flight profile and series recomputed from the merged spans
// (summarize); concurrency and rate the segments' sum. Clocks are not judged: each segment's start
// after the earliest is kept (segment_starts_s) for the reader to see the spread.

#include <string>
#include <vector>

#include "crawlbench/expected.hpp"
#include "crawlbench/result_document.hpp"

namespace crawlbench {

struct segment_file {
  std::string name;  // how errors name it: the file's path
  result_document doc;
};

// The merged document: the plan, server and digest of the segments, merged_segments = K, one run
// per run of the plan. An error naming the file(s) when they are not the K segments of one plan:
// no plan or segment recorded, different K, plans or digests, a segment missing or given twice, a
// segment's runs not the plan's (an interrupted run), a run without its spans, or wall-clock starts
// in some segments and not others (real and virtual time).
[[nodiscard]] expected<result_document> merge_segments(const std::vector<segment_file>& files);

}  // namespace crawlbench
