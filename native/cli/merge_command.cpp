#include "merge_command.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>

#include "crawlbench/atomic_file.hpp"
#include "crawlbench/merge.hpp"
#include "crawlbench/result_table.hpp"
#include "crawlbench/share_link.hpp"
#include "crawlbench/text_file.hpp"

namespace crawlbench::cli {

namespace {
// A segment file read and checked, or why not.
expected<segment_file> read_segment(const std::string& path) {
  const auto text = read_text_file(path);
  if (!text) return unexpected(text.error());
  auto doc = read_result_document(*text);
  if (!doc) return unexpected_error(path + ": " + doc.error().message);
  return segment_file{path, *std::move(doc)};
}

std::string ms(double seconds) {
  char cell[32];
  std::snprintf(cell, sizeof cell, "%.3f", seconds * 1000);
  return cell;
}

// Each run's segment starts after the earliest, and their spread: the clocks' disagreement plus
// how late each process began. Named one by one up to 8 segments.
void print_starts(const result_document& merged) {
  std::cout << "segment starts after the earliest, ms (the clocks' spread and start jitter, or a segment whose run before\n"
               "outlasted its slot, which that segment said; synchronise clocks with NTP):\n";
  for (const auto& r : merged.runs) {
    const auto& starts = r.segment_starts_s;
    const auto latest = std::max_element(starts.begin(), starts.end());
    std::cout << "  " << r.strategy << " C=" << r.concurrency << ":";
    if (starts.size() <= 8) {
      for (const double s : starts) std::cout << " +" << ms(s);
    }
    std::cout << "  spread " << ms(latest == starts.end() ? 0 : *latest) << " ms";
    if (starts.size() > 8 && latest != starts.end()) std::cout << " (segment " << latest - starts.begin() << " latest)";
    std::cout << (r.epoch_s ? "\n" : " (virtual time: every segment starts at 0)\n");
  }
}

void print_merged(const merge_options& o, const result_document& merged, const std::vector<table_row>& rows) {
  if (o.json) {
    std::cout << write_result_document(merged, false, 2) << "\n";
  } else if (o.csv) {
    std::cout << format_csv(rows);
  } else {
    const bool listed = merged.server.is_url_list();
    std::cout << "crawlbench merge: " << merged.merged_segments << " segments of plan " << merged.plan_digest.substr(0, 19)
              << ", server " << (listed ? "a URL list" : merged.server.describe()) << ", " << merged.plan->num
              << (listed ? " URLs" : " x " + std::to_string(merged.plan->delay_ms) + " ms") << "\n"
              << format_table(rows);
    print_starts(merged);
  }
  if (o.share) {
    const shared_results shared{*merged.plan, merged.server, merged.runs};
    (o.json || o.csv ? std::cerr : std::cout) << "share link: " << share_url(o.share_base, shared) << "\n";
  }
}
}  // namespace

int merge_command(const merge_options& o) {
  std::vector<segment_file> files;
  for (const auto& path : o.files) {
    auto file = read_segment(path);
    if (!file) {
      std::cerr << "crawlbench merge: " << file.error().message << "\n";
      return 2;
    }
    files.push_back(*std::move(file));
  }
  auto merged = merge_segments(files);
  if (!merged) {
    std::cerr << "crawlbench merge: " << merged.error().message << "\n";
    return 2;
  }
  std::vector<table_row> rows;
  for (const auto& r : merged->runs) rows.push_back({r, 0});
  print_merged(o, *merged, rows);
  int status = 0;
  if (!o.out.empty()) {
    if (auto written = write_file_atomically(o.out, write_result_document(*merged, true) + "\n"); !written) {
      std::cerr << "crawlbench merge: " << written.error().message << "\n";
      status = 1;
    }
  }
  const auto failures = failure_lines(rows);
  for (const auto& line : failures) std::cerr << "FAILED " << line << "\n";
  return failures.empty() ? status : 1;
}

}  // namespace crawlbench::cli
