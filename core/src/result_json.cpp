// The result JSON (docs/result-format.md): writing, and reading back with every field checked.
#include <algorithm>
#include <array>
#include <string_view>
#include <cmath>
#include <functional>
#include <limits>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "crawlbench/result.hpp"
#include "crawlbench/result_document.hpp"
#include "crawlbench/segment.hpp"
#include "json_fields.hpp"
#include "plan_json.hpp"
#include "result_json.hpp"

namespace crawlbench {

namespace {
using detail::fail;
using detail::field;
using detail::integer;
using detail::number;
using detail::number_in;
using detail::seconds_in_run;
using detail::text;
using detail::whole_in;

// No figure of a real run comes near this (a million requests in a microsecond is 1e12/s): a
// larger one is a corrupt document, and would not fit the table's columns.
constexpr double max_figure = 1e15;

// Microseconds are plenty for a request's times and keep the document short.
double rounded(double seconds) { return std::round(seconds * 1e6) / 1e6; }
double seconds_of(clock::duration d) { return rounded(to_seconds(d)); }

double rounded4(double v) { return std::round(v * 1e4) / 1e4; }

ordered rounded_series(const std::vector<double>& values) {
  ordered out = ordered::array();
  for (const double v : values) out.push_back(rounded4(v));
  return out;
}

ordered rounded_series_us(const std::vector<double>& seconds) {
  ordered out = ordered::array();
  for (const double v : seconds) out.push_back(rounded(v));
  return out;
}

constexpr std::array<std::string_view, 4> connection_names = {"unknown", "reused", "opened", "opened_tls"};

// The spans' connection arrays, only when the transport told any (a page's fetch() cannot): a
// time is null where the request opened no connection (or did no TLS).
void add_connections(ordered& out, const std::vector<span>& spans) {
  const auto known = [](const span& s) { return s.connection != connection_use::unknown; };
  if (std::none_of(spans.begin(), spans.end(), known)) return;
  ordered connection = ordered::array(), connected = ordered::array(), tls_done = ordered::array();
  for (const auto& s : spans) {
    connection.push_back(connection_names[static_cast<std::size_t>(s.connection)]);
    connected.push_back(s.opened_connection() ? ordered(seconds_of(s.connected)) : ordered(nullptr));
    tls_done.push_back(s.connection == connection_use::opened_tls ? ordered(seconds_of(s.tls_done)) : ordered(nullptr));
  }
  out["connection"] = std::move(connection);
  out["connected_s"] = std::move(connected);
  out["tls_done_s"] = std::move(tls_done);
}

ordered optional_json(const std::optional<std::size_t>& v) { return v ? ordered(*v) : ordered(nullptr); }

ordered spans_to_json(const std::vector<span>& spans) {
  ordered intended = ordered::array(), queued = ordered::array(), started = ordered::array(),
          first_byte = ordered::array(), done = ordered::array(), status = ordered::array(),
          bytes = ordered::array(), retries = ordered::array(), result = ordered::array();
  for (const auto& s : spans) {
    intended.push_back(seconds_of(s.intended));
    queued.push_back(seconds_of(s.queued));
    started.push_back(seconds_of(s.started));
    first_byte.push_back(seconds_of(s.first_byte));
    done.push_back(seconds_of(s.done));
    status.push_back(s.status);
    bytes.push_back(s.body_bytes);
    retries.push_back(s.retries);
    result.push_back(s.recorded ? std::string(to_string(s.result)) : std::string("not_completed"));
  }
  ordered out{{"intended_s", intended}, {"queued_s", queued},   {"started_s", started},
              {"first_byte_s", first_byte}, {"done_s", done}, {"status", status},
              {"bytes", bytes},             {"retries", retries},    {"outcome", result}};
  add_connections(out, spans);
  return out;
}

}  // namespace

namespace detail {
ordered result_to_json(const strategy_result& r, bool with_spans) {
  ordered j{
      {"strategy", r.strategy},
      {"transport", r.transport},
      {"num", r.num},
      {"delay_ms", r.delay_ms},
      {"concurrency", r.concurrency},
      {"rate_rps", r.rate_rps},
      {"ok", r.ok},
      {"errors", r.errors},
      {"error_kinds", r.error_kinds},
      {"retries", r.retries},
      {"result_bytes", r.result_bytes},
      {"connections_opened", optional_json(r.connections_opened)},
      {"tls_handshakes", optional_json(r.tls_handshakes)},
      {"connection_setup_s", r.connection_setup_s ? ordered(rounded(*r.connection_setup_s)) : ordered(nullptr)},
      {"seconds", rounded(r.seconds)},
      {"lower_bound_s", rounded(r.lower_bound_s)},
      {"lower_bound_estimated", r.lower_bound_estimated},
      {"efficiency", r.efficiency ? ordered(rounded4(*r.efficiency)) : ordered(nullptr)},
      {"throughput_rps", std::round(r.throughput_rps * 100) / 100},
      {"latency_ms",
       {{"p50", rounded(r.latency.p50)}, {"p90", rounded(r.latency.p90)}, {"p99", rounded(r.latency.p99)},
        {"max", rounded(r.latency.max)}}},
      {"max_in_flight", r.max_in_flight},
      {"in_flight_cv", rounded4(r.in_flight_cv)},
      {"series",
       {{"bucket_s", rounded(r.series.bucket_s)},
        {"throughput_rps", rounded_series(r.series.throughput_rps)},
        {"in_flight", rounded_series(r.series.in_flight)}}},
  };
  if (r.insecure) j["tls"] = insecure_tls_note;  // absent when certificates were checked (or none met)
  if (r.epoch_s) j["epoch_s"] = rounded(*r.epoch_s);  // absent in virtual time
  if (!r.segment_starts_s.empty()) j["segment_starts_s"] = rounded_series_us(r.segment_starts_s);
  if (with_spans) {
    j["spans"] = spans_to_json(r.spans);
    if (r.span_stride != 1) j["span_stride"] = r.span_stride;  // a downsampled run (share links)
  }
  return j;
}
}  // namespace detail

namespace {

const json& array_of(const json& object, const char* key, std::size_t size, const std::string& where) {
  const json& a = field(object, key, where);
  if (!a.is_array()) fail(where + "." + key, "expected an array");
  if (a.size() != size) fail(where + "." + key, "expected " + std::to_string(size) + " entries");
  return a;
}

// A span's connection fields are read checking the value first and building the field's location
// only to name an error: a million spans (the page's simulated runs) then read in a third less time.
using location = std::function<std::string(const char* key)>;

connection_use connection_from_json(const json& v, const location& at) {
  if (v.is_string()) {
    const auto* found = std::find(connection_names.begin(), connection_names.end(), v.get_ref<const std::string&>());
    if (found != connection_names.end()) return static_cast<connection_use>(found - connection_names.begin());
  }
  const std::string name = text(v, at("connection"));
  fail(at("connection"), "unknown connection \"" + name + "\"");
}

// A span's connection time: a number of seconds where the connection says there is one, else null.
clock::duration connection_time(const json& v, bool present, const location& at, const char* key) {
  if (!present) {
    if (!v.is_null()) fail(at(key), "expected null (no connection opened, or no TLS)");
    return {};
  }
  if (v.is_number() && v.get<double>() >= 0 && v.get<double>() <= max_clock_seconds) return from_seconds(v.get<double>());
  return from_seconds(seconds_in_run(v, at(key)));  // says what is wrong
}

void connections_from_json(const json& j, std::vector<span>& spans, const std::string& where) {
  const json& connection = array_of(j, "connection", spans.size(), where);
  const json& connected = array_of(j, "connected_s", spans.size(), where);
  const json& tls_done = array_of(j, "tls_done_s", spans.size(), where);
  for (std::size_t i = 0; i < spans.size(); ++i) {
    const location at = [&](const char* key) { return where + "[" + std::to_string(i) + "]." + key; };
    span& s = spans[i];
    s.connection = connection_from_json(connection[i], at);
    s.connected = connection_time(connected[i], s.opened_connection(), at, "connected_s");
    s.tls_done = connection_time(tls_done[i], s.connection == connection_use::opened_tls, at, "tls_done_s");
  }
}

std::vector<span> spans_from_json(const json& j, const std::string& where) {
  const json& done = field(j, "done_s", where);
  if (!done.is_array()) fail(where + ".done_s", "expected an array");
  const std::size_t n = done.size();
  const json& intended = array_of(j, "intended_s", n, where);
  const json& queued = array_of(j, "queued_s", n, where);
  const json& started = array_of(j, "started_s", n, where);
  const json& first_byte = array_of(j, "first_byte_s", n, where);
  const json& status = array_of(j, "status", n, where);
  const json& bytes = array_of(j, "bytes", n, where);
  const json& result = array_of(j, "outcome", n, where);
  const json* retries = j.contains("retries") ? &array_of(j, "retries", n, where) : nullptr;  // absent in older files
  std::vector<span> spans(n);
  if (j.contains("connection")) connections_from_json(j, spans, where);
  for (std::size_t i = 0; i < n; ++i) {
    const std::string at = where + "[" + std::to_string(i) + "]";
    span& s = spans[i];
    s.intended = from_seconds(seconds_in_run(intended[i], at + ".intended_s"));
    s.queued = from_seconds(seconds_in_run(queued[i], at + ".queued_s"));
    s.started = from_seconds(seconds_in_run(started[i], at + ".started_s"));
    s.first_byte = from_seconds(seconds_in_run(first_byte[i], at + ".first_byte_s"));
    s.done = from_seconds(seconds_in_run(done[i], at + ".done_s"));
    s.status = integer<std::int32_t>(status[i], at + ".status");
    s.body_bytes = integer<std::size_t>(bytes[i], at + ".bytes");
    if (retries) s.retries = integer<std::uint8_t>((*retries)[i], at + ".retries");
    const std::string name = text(result[i], at + ".outcome");
    if (name == "not_completed") continue;
    const auto o = parse_outcome(name);
    if (!o) fail(at + ".outcome", "unknown outcome \"" + name + "\"");
    s.result = *o;
    s.recorded = true;
  }
  return spans;
}

}  // namespace

namespace {
// connections_opened, tls_handshakes and connection_setup_s: absent (older files) or null when unknown.
void connection_figures_from_json(const json& j, strategy_result& r, const std::string& where) {
  const whole_range up_to_num{0, r.num};
  const auto count = [&](const char* key, std::optional<std::size_t>& into) {
    const auto v = j.find(key);
    if (v != j.end() && !v->is_null()) into = whole_in<std::size_t>(*v, where + "." + key, up_to_num);
  };
  count("connections_opened", r.connections_opened);
  count("tls_handshakes", r.tls_handshakes);
  if (const auto v = j.find("connection_setup_s"); v != j.end() && !v->is_null()) {
    r.connection_setup_s = number_in(*v, where + ".connection_setup_s", 0, max_figure);
  }
}
}  // namespace

namespace detail {
strategy_result result_from_json(const json& j, const std::string& where) {
  strategy_result r;
  const auto get = [&](const char* key) -> const json& { return field(j, key, where); };
  const auto at = [&](const char* key) { return where + "." + key; };
  const auto figure = [&](const json& v, const std::string& name) { return number_in(v, name, 0, max_figure); };
  r.strategy = text(get("strategy"), at("strategy"));
  r.transport = text(get("transport"), at("transport"));
  if (const auto tls = j.find("tls"); tls != j.end()) {
    if (text(*tls, at("tls")) != insecure_tls_note) fail(at("tls"), "expected \"" + std::string(insecure_tls_note) + "\"");
    r.insecure = true;
  }
  r.num = whole_in<std::size_t>(get("num"), at("num"), num_range);
  const whole_range up_to_num{0, r.num};  // counts of the run's requests
  r.delay_ms = whole_in<std::int64_t>(get("delay_ms"), at("delay_ms"), delay_ms_range);
  r.concurrency = whole_in<std::size_t>(get("concurrency"), at("concurrency"), concurrency_range);
  r.rate_rps = number(get("rate_rps"), at("rate_rps"));
  if (!check_rate(r.rate_rps)) fail(at("rate_rps"), "expected " + rate_words());
  r.ok = whole_in<std::size_t>(get("ok"), at("ok"), up_to_num);
  r.errors = whole_in<std::size_t>(get("errors"), at("errors"), up_to_num);
  const json& kinds = get("error_kinds");
  if (!kinds.is_object()) fail(at("error_kinds"), "expected an object");
  for (const auto& [kind, count] : kinds.items()) r.error_kinds[kind] = whole_in<std::size_t>(count, at("error_kinds") + "." + kind, up_to_num);
  if (const auto retries = j.find("retries"); retries != j.end()) r.retries = whole_in<std::size_t>(*retries, at("retries"), up_to_num);
  r.result_bytes = integer<std::size_t>(get("result_bytes"), at("result_bytes"));
  connection_figures_from_json(j, r, where);
  r.seconds = seconds_in_run(get("seconds"), at("seconds"));
  if (const auto epoch = j.find("epoch_s"); epoch != j.end()) r.epoch_s = seconds_in_run(*epoch, at("epoch_s"));
  if (const auto starts = j.find("segment_starts_s"); starts != j.end()) {
    if (!starts->is_array() || starts->size() > segment_count_range.high) fail(at("segment_starts_s"), "expected an array of at most 10,000 times");
    for (const auto& v : *starts) r.segment_starts_s.push_back(seconds_in_run(v, at("segment_starts_s")));
  }
  r.lower_bound_s = seconds_in_run(get("lower_bound_s"), at("lower_bound_s"));
  if (const auto estimated = j.find("lower_bound_estimated"); estimated != j.end()) {  // absent in older files
    if (!estimated->is_boolean()) fail(at("lower_bound_estimated"), "expected true or false");
    r.lower_bound_estimated = estimated->get<bool>();
  }
  if (const json& e = get("efficiency"); !e.is_null()) r.efficiency = figure(e, at("efficiency"));
  r.throughput_rps = figure(get("throughput_rps"), at("throughput_rps"));
  const json& latency = get("latency_ms");
  for (auto [key, into] : {std::pair{"p50", &r.latency.p50}, std::pair{"p90", &r.latency.p90},
                           std::pair{"p99", &r.latency.p99}, std::pair{"max", &r.latency.max}}) {
    *into = number_in(field(latency, key, at("latency_ms")), at("latency_ms") + "." + key, 0, max_clock_seconds * 1000);
  }
  r.max_in_flight = whole_in<std::size_t>(get("max_in_flight"), at("max_in_flight"), up_to_num);
  r.in_flight_cv = figure(get("in_flight_cv"), at("in_flight_cv"));
  const json& s = get("series");
  r.series.bucket_s = seconds_in_run(field(s, "bucket_s", at("series")), at("series.bucket_s"));
  for (const char* key : {"throughput_rps", "in_flight"}) {
    const json& values = field(s, key, at("series"));
    if (!values.is_array()) fail(at("series") + "." + key, "expected an array");
    auto& out = std::string_view(key) == "in_flight" ? r.series.in_flight : r.series.throughput_rps;
    for (const auto& v : values) out.push_back(figure(v, at("series") + "." + key));
  }
  if (const auto spans = j.find("spans"); spans != j.end()) r.spans = spans_from_json(*spans, at("spans"));
  if (const auto stride = j.find("span_stride"); stride != j.end()) {
    r.span_stride = whole_in<std::size_t>(*stride, at("span_stride"), whole_range{1, std::max<std::size_t>(r.num, 1)});
  }
  return r;
}
}  // namespace detail

namespace {
constexpr std::string_view digest_prefix = "sha256:";

void check_digest(const std::string& digest) {
  const bool hex = digest.size() == digest_prefix.size() + 64 &&
                   std::all_of(digest.begin() + static_cast<std::ptrdiff_t>(digest_prefix.size()), digest.end(),
                               [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
  if (digest.rfind(digest_prefix, 0) != 0 || !hex) fail("plan_digest", "expected \"sha256:\" and 64 lowercase hex digits");
}

// The document's fields besides its runs: each optional.
void header_from_json(const json& doc, result_document& out) {
  if (const auto plan = doc.find("plan"); plan != doc.end()) {
    out.plan.emplace();
    detail::plan_from_json(*plan, *out.plan, out.server);
  }
  if (const auto digest = doc.find("plan_digest"); digest != doc.end()) {
    out.plan_digest = text(*digest, "plan_digest");
    check_digest(out.plan_digest);
  }
  if (const auto segment = doc.find("segment"); segment != doc.end()) {
    const run_segment s{whole_in<std::size_t>(field(*segment, "index", "segment"), "segment.index", whole_range{0, segment_count_range.high - 1}),
                        whole_in<std::size_t>(field(*segment, "count", "segment"), "segment.count", segment_count_range)};
    if (!check_segment(s)) fail("segment.index", "expected 0 to segment.count - 1");
    out.segment = s;
  }
  if (const auto interrupted = doc.find("interrupted"); interrupted != doc.end()) {
    if (!interrupted->is_boolean()) fail("interrupted", "expected true or false");
    out.interrupted = interrupted->get<bool>();
  }
  if (const auto merged = doc.find("merged_segments"); merged != doc.end()) {
    out.merged_segments = whole_in<std::size_t>(*merged, "merged_segments", segment_count_range);
  }
}
}  // namespace

namespace {
// `d`'s fields but its runs, then `runs`: a caller with runs only copies none of their spans.
std::string write_document(const result_document& d, const std::vector<strategy_result>& runs, bool with_spans, int indent) {
  ordered doc{{"format", result_format_name}, {"version", result_format_version}};
  if (d.plan) doc["plan"] = detail::plan_to_json(*d.plan, d.server);
  if (!d.plan_digest.empty()) doc["plan_digest"] = d.plan_digest;
  if (d.segment) doc["segment"] = {{"index", d.segment->index}, {"count", d.segment->count}};
  if (d.merged_segments != 0) doc["merged_segments"] = d.merged_segments;
  if (d.interrupted) doc["interrupted"] = true;
  doc["runs"] = ordered::array();
  for (const auto& r : runs) doc["runs"].push_back(detail::result_to_json(r, with_spans));
  return doc.dump(indent);
}
}  // namespace

std::string plan_digest_input(const crawl_plan& plan, const server_target& server) {
  std::string text = detail::plan_to_json(plan, server).dump() + "\n";
  text += "expect-status " + plan.expect_status.text() + "\n";
  if (const auto* list = server.url_list()) {
    for (const auto& url : list->urls) text.append(url).push_back('\n');
  }
  for (const auto& header : plan.headers) text.append("header ").append(header.substr(0, header.find(':'))).push_back('\n');
  return text;
}

std::string write_result_document(const result_document& d, bool with_spans, int indent) {
  return write_document(d, d.runs, with_spans, indent);
}

expected<result_document> read_result_document(std::string_view text_in) {
  try {
    const json doc = json::parse(text_in.begin(), text_in.end());
    if (text(field(doc, "format", "document"), "format") != result_format_name) {
      return unexpected_error("not a crawlbench result (format is not \"crawlbench-result\")");
    }
    const auto version = integer<int>(field(doc, "version", "document"), "version");
    if (version != result_format_version) {
      return unexpected_error("unsupported result version " + std::to_string(version) + " (this build reads version " +
                              std::to_string(result_format_version) + ")");
    }
    result_document out;
    header_from_json(doc, out);
    const json& runs = field(doc, "runs", "document");
    if (!runs.is_array()) return unexpected_error("runs: expected an array");
    for (std::size_t i = 0; i < runs.size(); ++i) out.runs.push_back(detail::result_from_json(runs[i], "runs[" + std::to_string(i) + "]"));
    return out;
  } catch (const json::exception& e) {
    return unexpected_error(std::string("invalid JSON: ") + e.what());
  } catch (const std::runtime_error& e) {
    return unexpected_error(e.what());
  }
}

std::string write_results_json(const std::vector<strategy_result>& runs, bool with_spans, int indent) {
  return write_document(result_document{}, runs, with_spans, indent);
}

expected<std::vector<strategy_result>> read_results_json(std::string_view text_in) {
  auto doc = read_result_document(text_in);
  if (!doc) return unexpected(std::move(doc).error());
  return std::move(doc->runs);
}

}  // namespace crawlbench
