#include "crawlbench/mixed_json.hpp"

#include <optional>

#include "crawlbench/book_figures.hpp"
#include "crawlbench/mixed_table.hpp"
#include "json_fields.hpp"

namespace crawlbench {

namespace {
ordered run_json(const mixed_result& r) {
  return ordered{{"mode", to_string(r.mode)},     {"items", r.items},     {"delay_ms", r.delay_ms},
                 {"batch", r.batch},              {"concurrency", r.concurrency}, {"seconds", r.seconds},
                 {"cpu_seconds", r.cpu_seconds},  {"sent", r.sent},       {"ok", r.ok},
                 {"retries", r.retries},          {"stopped", r.stopped}, {"errors", r.errors},
                 {"cpu", r.cpu}};
}
}  // namespace

std::string write_mixed_json(const std::vector<mixed_result>& runs, int cost, const std::string& server) {
  ordered doc{{"format", "crawlbench-mixed"}, {"version", 1}, {"cpu", runs.empty() ? std::string() : runs.front().cpu},
              {"server", server},             {"runs", ordered::array()}};
  for (const auto& r : runs) {
    auto run = run_json(r);
    run.erase("cpu");
    const auto overhead = mixed_io_overhead_s(runs, r);
    run["io_overhead_s"] = overhead ? ordered(*overhead) : ordered(nullptr);
    const auto book = mixed_book_seconds(cost, r.items, r.delay_ms, r.mode);
    run["book_seconds"] = book ? ordered(*book) : ordered(nullptr);
    doc["runs"].push_back(std::move(run));
  }
  return doc.dump(2);
}

std::string write_mixed_run(const mixed_result& run) { return run_json(run).dump(); }

expected<mixed_result> read_mixed_run(std::string_view text) {
  const auto j = json::parse(text, nullptr, false);
  if (j.is_discarded()) return unexpected_error("not JSON");
  try {
    using namespace detail;
    mixed_result r;
    const auto mode = parse_mixed_mode(detail::text(field(j, "mode", "run"), "mode"));
    if (!mode) return unexpected_error("mode: unknown");
    r.mode = *mode;
    r.cpu = detail::text(field(j, "cpu", "run"), "cpu");
    r.items = whole_in<std::size_t>(field(j, "items", "run"), "items", items_range);
    r.delay_ms = whole_in<std::int64_t>(field(j, "delay_ms", "run"), "delay_ms", delay_ms_range);
    r.batch = whole_in<std::size_t>(field(j, "batch", "run"), "batch", batch_range);
    r.concurrency = whole_in<std::size_t>(field(j, "concurrency", "run"), "concurrency", concurrency_range);
    r.seconds = seconds_in_run(field(j, "seconds", "run"), "seconds");
    r.cpu_seconds = seconds_in_run(field(j, "cpu_seconds", "run"), "cpu_seconds");
    // Each item is sent once (batched: once within its batch).
    r.sent = whole_in<std::size_t>(field(j, "sent", "run"), "sent", whole_range{0, r.items});
    r.ok = whole_in<std::size_t>(field(j, "ok", "run"), "ok", whole_range{0, r.sent});
    if (const auto retries = j.find("retries"); retries != j.end()) {
      r.retries = whole_in<std::size_t>(*retries, "retries", whole_range{0, r.sent});  // once each at most
    }
    const auto& stopped = field(j, "stopped", "run");
    if (!stopped.is_boolean()) fail("stopped", "expected true or false");
    r.stopped = stopped.get<bool>();
    const auto& errors = field(j, "errors", "run");
    if (!errors.is_object()) fail("errors", "expected an object");
    for (auto e = errors.begin(); e != errors.end(); ++e) r.errors[e.key()] = whole_in<std::size_t>(e.value(), "errors." + e.key(), whole_range{0, r.sent});
    return r;
  } catch (const std::runtime_error& e) {
    return unexpected_error(e.what());
  }
}

}  // namespace crawlbench
