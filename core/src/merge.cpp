// K segment files back into one result: merge.hpp.
#include "crawlbench/merge.hpp"

#include <algorithm>
#include <limits>
#include <utility>

#include "plan_json.hpp"

namespace crawlbench {

namespace {
std::string of_k(run_segment s) { return std::to_string(s.index) + " of " + std::to_string(s.count); }

// Why two files are not segments of one plan, or nothing.
std::optional<std::string> mismatch(const segment_file& a, const segment_file& b) {
  if (a.doc.segment->count != b.doc.segment->count) {
    return a.name + " is segment " + of_k(*a.doc.segment) + " and " + b.name + " segment " + of_k(*b.doc.segment) +
           ": not one split";
  }
  const bool same_plan = detail::plan_to_json(*a.doc.plan, a.doc.server) == detail::plan_to_json(*b.doc.plan, b.doc.server);
  if (a.doc.plan_digest != b.doc.plan_digest || !same_plan) {
    return b.name + " ran another plan than " + a.name + " (plan digest " +
           (b.doc.plan_digest.empty() ? "none" : b.doc.plan_digest.substr(0, 19)) + " against " +
           (a.doc.plan_digest.empty() ? "none" : a.doc.plan_digest.substr(0, 19)) +
           (same_plan ? "" : "; the plans' fields differ") + ")";
  }
  return std::nullopt;
}

// The files by segment index, or why they are not the K segments of one plan.
expected<std::vector<const segment_file*>> by_segment(const std::vector<segment_file>& files) {
  if (files.empty()) return unexpected_error("nothing to merge: give the K segment files");
  for (const auto& f : files) {
    if (!f.doc.plan || !f.doc.segment) {
      return unexpected_error(f.name + " is not a segment: it records no " + (f.doc.plan ? "segment" : "plan") +
                              " (write segments with crawlbench run --segment I/K --out FILE)");
    }
    if (f.doc.interrupted) return unexpected_error(f.name + " was interrupted (Ctrl-C): its last run was cut short; run the segment again");
  }
  std::vector<const segment_file*> slots(files.front().doc.segment->count, nullptr);
  for (const auto& f : files) {
    if (auto why = mismatch(files.front(), f)) return unexpected_error(*why);
    const segment_file*& slot = slots[f.doc.segment->index];
    if (slot != nullptr) return unexpected_error(slot->name + " and " + f.name + " are both segment " + of_k(*f.doc.segment));
    slot = &f;
  }
  std::string missing;
  std::size_t absent = 0;
  for (std::size_t i = 0; i < slots.size(); ++i) {
    if (slots[i] != nullptr) continue;
    if (++absent <= 10) missing += (missing.empty() ? "" : ", ") + std::to_string(i);
  }
  if (absent != 0) {
    return unexpected_error("segment(s) " + missing + (absent > 10 ? " and " + std::to_string(absent - 10) + " more" : "") + " of " +
                            std::to_string(slots.size()) + " missing: merge needs all " + std::to_string(slots.size()));
  }
  return slots;
}

// Success when segment file `f` holds what its segment of the plan runs, each run with its spans.
expected<void> check_runs(const segment_file& f, const std::vector<crawl_config>& expected_runs) {
  const std::string who = f.name + " (segment " + of_k(*f.doc.segment) + ")";
  if (f.doc.runs.size() != expected_runs.size()) {
    return unexpected_error(who + " has " + std::to_string(f.doc.runs.size()) + " runs where its plan gives it " +
                            std::to_string(expected_runs.size()) + " (was it interrupted?)");
  }
  for (std::size_t i = 0; i < expected_runs.size(); ++i) {
    const strategy_result& r = f.doc.runs[i];
    const crawl_config& want = expected_runs[i];
    if (r.strategy != to_string(want.strategy) || r.num != want.num || r.concurrency != want.effective_concurrency()) {
      return unexpected_error(who + ": run " + std::to_string(i + 1) + " is " + r.strategy + " N=" + std::to_string(r.num) +
                              " C=" + std::to_string(r.concurrency) + ", not its plan's " + std::string(to_string(want.strategy)) +
                              " N=" + std::to_string(want.num) + " C=" + std::to_string(want.effective_concurrency()));
    }
    if (r.spans.size() != r.num || r.span_stride != 1) {
      return unexpected_error(who + ": run " + std::to_string(i + 1) + " (" + r.strategy +
                              ") has not every request's span (write segments with --out FILE)");
    }
  }
  return {};
}

// Success when every run of every segment has a wall-clock start, or none has (virtual time).
expected<void> check_epochs(const std::vector<const segment_file*>& slots) {
  std::size_t with = 0, without = 0;
  for (const auto* f : slots) {
    for (const auto& r : f->doc.runs) ++(r.epoch_s ? with : without);
  }
  if (with != 0 && without != 0) {
    return unexpected_error("some segments' runs have a wall-clock start (epoch_s) and some not: real and virtual time "
                            "cannot share one time axis");
  }
  return {};
}

// One segment's part of a whole run: its share's mapping and its result.
struct part {
  run_segment segment;  // {0, 1} for serial, which segment 0 runs whole
  const strategy_result* result;
};

// The earliest of a run's segment starts, Unix seconds (0 in virtual time): the merged time axis's 0.
double earliest_start(const std::vector<part>& parts) {
  double first = std::numeric_limits<double>::infinity();
  for (const auto& p : parts) first = std::min(first, p.result->epoch_s.value_or(0));
  return first;
}

// Success when a run's segments fit one time axis: from the earliest start to each end within the
// clock's reach (a clock decades off would wrap the merged times).
expected<void> check_reach(const std::vector<part>& parts) {
  const double first = earliest_start(parts);
  double last = 0;
  for (const auto& p : parts) last = std::max(last, p.result->epoch_s.value_or(0) - first + p.result->seconds);
  if (last > max_clock_seconds) {
    return unexpected_error(parts.front().result->strategy + ": its segments' starts and ends span " + std::to_string(last) +
                            " s, beyond one time axis: is a machine's clock wrong by years?");
  }
  return {};
}

span shifted(span s, clock::duration by) {
  for (auto* t : {&s.intended, &s.queued, &s.started, &s.first_byte, &s.done}) *t += by;
  if (s.opened_connection()) s.connected += by;
  if (s.connection == connection_use::opened_tls) s.tls_done += by;
  return s;
}

// A URL list whose segments knew their floor (one delay of /add URLs) keeps it: the merged plan
// carries the list's size, not its URLs, so summarize() would estimate it.
void keep_known_floor(strategy_result& r, const crawl_config& whole, const std::vector<part>& parts) {
  if (!whole.server.is_url_list() || parts.empty()) return;
  for (const auto& p : parts) {
    if (p.result->lower_bound_estimated || p.result->delay_ms != parts.front().result->delay_ms) return;
  }
  r.delay_ms = parts.front().result->delay_ms;
  r.lower_bound_estimated = false;
  r.lower_bound_s = lower_bound_seconds(whole, static_cast<double>(r.delay_ms) / 1000.0);
  r.efficiency = r.ok > 0 && r.seconds > 0 ? std::optional<double>(r.lower_bound_s / r.seconds) : std::nullopt;
}

std::string transports(const std::vector<part>& parts) {
  std::vector<std::string> names;
  for (const auto& p : parts) {
    if (std::find(names.begin(), names.end(), p.result->transport) == names.end()) names.push_back(p.result->transport);
  }
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : "+") + n;
  return out;
}

strategy_result merge_run(const crawl_config& whole, const std::vector<part>& parts) {
  const double base = earliest_start(parts);
  crawl_run run;
  run.config = whole;
  run.transport = transports(parts);
  run.spans.resize(whole.num);
  std::vector<double> starts;
  for (const auto& p : parts) {
    const double offset_s = p.result->epoch_s.value_or(0) - base;
    const clock::duration offset = from_seconds(offset_s);
    starts.push_back(offset_s);
    run.elapsed = std::max(run.elapsed, offset + from_seconds(p.result->seconds));
    run.result_bytes += p.result->result_bytes;
    for (std::size_t j = 0; j < p.result->spans.size(); ++j) run.spans[p.segment.whole_request(j)] = shifted(p.result->spans[j], offset);
  }
  if (parts.front().result->epoch_s) run.epoch_s = base;
  strategy_result r = summarize(std::move(run));
  r.segment_starts_s = std::move(starts);
  r.insecure = std::any_of(parts.begin(), parts.end(), [](const part& p) { return p.result->insecure; });
  keep_known_floor(r, whole, parts);
  return r;
}
}  // namespace

expected<result_document> merge_segments(const std::vector<segment_file>& files) {
  auto slots = by_segment(files);
  if (!slots) return unexpected(std::move(slots).error());
  const result_document& first = files.front().doc;
  for (const auto* f : *slots) {
    auto share = segment_runs(*first.plan, first.server, *f->doc.segment);
    if (!share) return unexpected_error(f->name + ": " + share.error().message);
    if (auto checked = check_runs(*f, *share); !checked) return unexpected(std::move(checked).error());
  }
  if (auto checked = check_epochs(*slots); !checked) return unexpected(std::move(checked).error());
  result_document merged;
  merged.plan = first.plan;
  merged.server = first.server;
  merged.plan_digest = first.plan_digest;
  merged.merged_segments = slots->size();
  std::vector<std::size_t> next_run(slots->size(), 0);  // each segment's runs are in plan order
  for (const auto& whole : plan_runs(*first.plan, first.server)) {
    std::vector<part> parts;
    for (std::size_t i = 0; i < slots->size(); ++i) {
      const run_segment segment{i, slots->size()};
      if (!runs_in_segment(whole, segment)) continue;
      const run_segment mapping = whole.strategy == strategy_kind::serial ? run_segment{} : segment;
      parts.push_back({mapping, &(*slots)[i]->doc.runs[next_run[i]++]});
    }
    if (auto reach = check_reach(parts); !reach) return unexpected(std::move(reach).error());
    merged.runs.push_back(merge_run(whole, parts));
  }
  return merged;
}

}  // namespace crawlbench
