#pragma once
// A result file as a whole (docs/result-format.md): the runs, and what a merge or a viewer needs
// besides them — the plan that made them, its digest, and which segment of it they are.
// `crawlbench run --out` writes one; `crawlbench merge` reads K and writes one; `crawlbench gui
// --open FILE` shows one.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crawlbench/crawl_plan.hpp"
#include "crawlbench/expected.hpp"
#include "crawlbench/result.hpp"
#include "crawlbench/segment.hpp"
#include "crawlbench/target.hpp"

namespace crawlbench {

struct result_document {
  // What ran, as a share link carries it (a URL list by its size: server is then an empty list).
  // Absent in files written before plans were recorded: such a file cannot be merged or opened.
  std::optional<crawl_plan> plan;
  server_target server;
  // "sha256:<64 hex digits>" of the plan, a URL list's URLs and the request header names
  // (native/cli/plan_digest.hpp): equal for the segments of one plan. Empty when not recorded.
  std::string plan_digest;
  std::optional<run_segment> segment;  // `run --segment I/K`: this file is segment I of K
  std::size_t merged_segments = 0;     // written by `merge`: how many segments it was made of
  std::vector<strategy_result> runs;
  bool interrupted = false;  // Ctrl-C cut the last run short (and later runs were not run)
};

// What a plan digest is taken of: the plan's JSON as result files write it, then the statuses a URL
// list's requests count as ok, a URL list's URLs and the request headers' names (never their
// values), one a line. Equal exactly when two processes were given the same plan (the caller adds
// what the plan does not hold: the transport).
[[nodiscard]] std::string plan_digest_input(const crawl_plan& plan, const server_target& server);

// The document as JSON, with every run's spans or none; `indent` as nlohmann-json's dump (-1:
// one line).
[[nodiscard]] std::string write_result_document(const result_document& doc, bool with_spans, int indent = -1);
// The document, or an error naming the first wrong field (a plan whose runs cannot run, a digest
// that is not "sha256:" and 64 hex digits, a segment out of range, ...). Never throws.
[[nodiscard]] expected<result_document> read_result_document(std::string_view text);

}  // namespace crawlbench
