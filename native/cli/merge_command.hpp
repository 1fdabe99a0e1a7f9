#pragma once
// `crawlbench merge FILE...`: the K segment files of one plan (`crawlbench run --segment I/K --out
// FILE`, on K machines or pods) as one result, as if one process had run the whole plan
// (core's merge.hpp): the usual table, then each run's segment starts and their spread.
#include <string>
#include <vector>

namespace crawlbench::cli {

struct merge_options {
  std::vector<std::string> files;  // the segment files, in any order
  std::string out;                 // also write the merged result JSON, with every span, here
  bool json = false;               // the merged result JSON (no spans) instead of the table
  bool csv = false;
  bool share = false;  // a link that opens the merged result in the web UI or crawlbench gui --open
  std::string share_base = "http://127.0.0.1:8082/";
};

// 0 every merged request succeeded, 1 some failed or --out could not be written, 2 files that are
// not the K segments of one plan (unreadable, not result JSON, different plans or K, a segment
// missing or twice, an interrupted segment), said on stderr.
[[nodiscard]] int merge_command(const merge_options& options);

}  // namespace crawlbench::cli
