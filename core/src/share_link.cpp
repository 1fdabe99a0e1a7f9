// Share links: docs/share-links.md.
#include "crawlbench/share_link.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <stdexcept>

#include "crawlbench/limits.hpp"
#include "crawlbench/target.hpp"
#include "json_fields.hpp"
#include "plan_json.hpp"
#include "result_json.hpp"

namespace crawlbench {

namespace {
using namespace detail;  // the JSON field readers

constexpr std::string_view prefix = "r=v";  // then the version, a dot and the payload
constexpr std::size_t max_runs = 1000;
constexpr std::size_t max_spans = 1'000'000;  // decoded, over every run
constexpr double series_scale = 100;          // in_flight is stored in hundredths
// The latest a span may end, us: the clock's reach (max_clock_seconds).
constexpr auto max_span_us = static_cast<std::int64_t>(max_clock_seconds * 1e6);

// RFC 4648 section 5, without padding.
constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string base64url(const std::vector<std::uint8_t>& bytes) {
  std::string out;
  out.reserve((bytes.size() * 4 + 2) / 3);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t v = (std::uint32_t{bytes[i]} << 16) | (std::uint32_t{bytes[i + 1]} << 8) | bytes[i + 2];
    for (int shift = 18; shift >= 0; shift -= 6) out.push_back(alphabet[(v >> shift) & 63]);
  }
  if (const std::size_t rest = bytes.size() - i; rest > 0) {
    std::uint32_t v = std::uint32_t{bytes[i]} << 16;
    if (rest == 2) v |= std::uint32_t{bytes[i + 1]} << 8;
    out.push_back(alphabet[(v >> 18) & 63]);
    out.push_back(alphabet[(v >> 12) & 63]);
    if (rest == 2) out.push_back(alphabet[(v >> 6) & 63]);
  }
  return out;
}

// The bytes, or nothing when a character is not base64url or the length cannot be one.
std::optional<std::vector<std::uint8_t>> from_base64url(std::string_view text_in) {
  std::array<int, 256> value{};
  value.fill(-1);
  for (std::size_t i = 0; i < alphabet.size(); ++i) value[static_cast<unsigned char>(alphabet[i])] = static_cast<int>(i);
  if (text_in.size() % 4 == 1) return std::nullopt;
  std::vector<std::uint8_t> out;
  out.reserve(text_in.size() * 3 / 4);
  std::uint32_t bits = 0;
  int count = 0;
  for (const char c : text_in) {
    const int v = value[static_cast<unsigned char>(c)];
    if (v < 0) return std::nullopt;
    bits = (bits << 6) | static_cast<std::uint32_t>(v);
    if (++count == 4) {
      out.push_back(static_cast<std::uint8_t>(bits >> 16));
      out.push_back(static_cast<std::uint8_t>(bits >> 8));
      out.push_back(static_cast<std::uint8_t>(bits));
      bits = 0;
      count = 0;
    }
  }
  if (count == 2) out.push_back(static_cast<std::uint8_t>(bits >> 4));
  if (count == 3) {
    out.push_back(static_cast<std::uint8_t>(bits >> 10));
    out.push_back(static_cast<std::uint8_t>(bits >> 2));
  }
  return out;
}

// Outcome codes in the link: outcome's order up to transport_error (0-8), then not_completed (9),
// which links written before tls_error existed use, then the outcomes added since (tls_error: 10).
constexpr int not_completed = static_cast<int>(outcome::tls_error);
constexpr int largest_code = static_cast<int>(outcome_count);
int link_code(const span& s) {
  if (!s.recorded) return not_completed;
  const int index = static_cast<int>(s.result);
  return index < not_completed ? index : index + 1;
}
outcome outcome_of_code(int code) { return static_cast<outcome>(code < not_completed ? code : code - 1); }

// The spans, compact: every `stride`-th request; start as a difference from the previous kept
// span's and duration, both in quanta; the common body size of ok requests; the exceptions
// (failed or unfinished requests) as [position, outcome, status, bytes].
ordered spans_to_json(const strategy_result& r, const share_options& options) {
  const std::size_t n = r.spans.size();
  const std::size_t stride = std::max<std::size_t>(1, (n + options.max_spans_per_run - 1) / std::max<std::size_t>(1, options.max_spans_per_run));
  const double quantum_s = std::max<double>(1e-6, static_cast<double>(options.quantum.count()) / 1e6);
  const auto q = [&](clock::duration d) { return static_cast<std::int64_t>(std::llround(to_seconds(d) / quantum_s)); };
  ordered starts = ordered::array(), durations = ordered::array(), exceptions = ordered::array();
  // Lengths are stored minus the server's delay: a request takes about `delay`, and small
  // numbers are one byte in CBOR.
  const std::int64_t base = q(std::chrono::milliseconds(r.delay_ms));
  std::int64_t previous = 0;
  std::size_t common_bytes = 0;
  for (const auto& s : r.spans) {
    if (s.recorded && s.result == outcome::ok) {
      common_bytes = s.body_bytes;
      break;
    }
  }
  for (std::size_t i = 0, position = 0; i < n; i += stride, ++position) {
    const span& s = r.spans[i];
    const std::int64_t start = q(s.started);
    starts.push_back(start - previous);
    previous = start;
    durations.push_back(std::max<std::int64_t>(0, q(s.done) - start) - base);
    const bool ordinary = s.recorded && s.result == outcome::ok && s.body_bytes == common_bytes;
    if (!ordinary) {
      exceptions.push_back(ordered::array(
          {position, link_code(s), s.status, s.body_bytes}));
    }
  }
  return ordered{{"k", stride},       {"q_us", options.quantum.count()}, {"start", starts},
                 {"length_base", base}, {"length", durations},            {"bytes", common_bytes},
                 {"except", exceptions}};
}

std::vector<span> spans_from_json(const json& j, strategy_result& r, const std::string& where) {
  const auto stride = integer<std::size_t>(field(j, "k", where), where + ".k");
  const auto quantum_us = integer<std::int64_t>(field(j, "q_us", where), where + ".q_us");
  if (stride < 1 || stride > std::max<std::size_t>(r.num, 1)) fail(where + ".k", "out of range");
  if (quantum_us < 1 || quantum_us > 60'000'000) fail(where + ".q_us", "out of range");
  const json& starts = field(j, "start", where);
  const json& durations = field(j, "length", where);
  if (!starts.is_array() || !durations.is_array() || starts.size() != durations.size()) {
    fail(where, "start and length must be arrays of one length");
  }
  const std::size_t expected = (r.num + stride - 1) / stride;
  if (starts.size() != expected) fail(where + ".start", "expected " + std::to_string(expected) + " spans");
  const auto common_bytes = integer<std::size_t>(field(j, "bytes", where), where + ".bytes");
  const auto base = integer<std::int64_t>(field(j, "length_base", where), where + ".length_base");
  if (base < 0 || base > max_span_us / quantum_us) fail(where + ".length_base", "out of range");
  // Quanta to a duration; the bounds below keep quanta·q_us within the clock (max_span_us).
  const auto at = [&](std::int64_t quanta) {
    return std::chrono::duration_cast<clock::duration>(std::chrono::microseconds(quanta * quantum_us));
  };
  const std::int64_t max_quanta = max_span_us / quantum_us;
  std::vector<span> spans(starts.size());
  std::int64_t start = 0;
  for (std::size_t i = 0; i < spans.size(); ++i) {
    const auto delta = integer<std::int64_t>(starts[i], where + ".start");
    const auto stored_length = integer<std::int64_t>(durations[i], where + ".length");
    // Checked before any sum, so none overflows: |start|, |delta| and length stay under max_quanta.
    if (delta < -max_quanta || delta > max_quanta || stored_length < -base || stored_length > max_quanta - base) {
      fail(where, "span out of range");
    }
    const std::int64_t length = stored_length + base;
    start += delta;
    // A span starts at or after its run does, and ends within the clock.
    if (start < 0 || start > max_quanta - length) fail(where, "span out of range");
    span& s = spans[i];
    s.intended = s.queued = s.started = at(start);
    s.first_byte = s.done = at(start + length);
    s.status = 200;
    s.body_bytes = common_bytes;
    s.result = outcome::ok;
    s.recorded = true;
  }
  const json& exceptions = field(j, "except", where);
  if (!exceptions.is_array()) fail(where + ".except", "expected an array");
  for (const auto& e : exceptions) {
    if (!e.is_array() || e.size() != 4) fail(where + ".except", "expected [position, outcome, status, bytes]");
    const auto position = integer<std::size_t>(e[0], where + ".except");
    const auto code = integer<int>(e[1], where + ".except");
    if (position >= spans.size() || code < 0 || code > largest_code) fail(where + ".except", "out of range");
    span& s = spans[position];
    s.status = integer<std::int32_t>(e[2], where + ".except");
    s.body_bytes = integer<std::size_t>(e[3], where + ".except");
    s.recorded = code != not_completed;
    s.result = s.recorded ? outcome_of_code(code) : outcome::ok;
  }
  r.span_stride = stride;
  return spans;
}
}  // namespace

std::string encode_share_fragment(const shared_results& results, const share_options& options) {
  ordered doc{{"v", share_link_version}, {"plan", plan_to_json(results.plan, results.server)}, {"runs", ordered::array()}};
  for (const auto& r : results.runs) {
    ordered run = detail::result_to_json(r, false);
    // The plotted series need no more than whole completions/s and hundredths of a request in
    // flight; as integers they are a third of the size.
    ordered throughput = ordered::array(), in_flight = ordered::array();
    for (const double v : r.series.throughput_rps) throughput.push_back(std::llround(v));
    for (const double v : r.series.in_flight) in_flight.push_back(std::llround(v * series_scale));
    run["series"]["throughput_rps"] = throughput;
    run["series"]["in_flight"] = in_flight;
    run["span_table"] = spans_to_json(r, options);
    doc["runs"].push_back(std::move(run));
  }
  return std::string(prefix) + std::to_string(share_link_version) + "." + base64url(ordered::to_cbor(doc));
}

std::string share_url(std::string_view base, const shared_results& results, const share_options& options) {
  std::string url(base.substr(0, base.find('#')));
  return url + "#" + encode_share_fragment(results, options);
}

expected<shared_results> decode_share_link(std::string_view link) {
  if (link.size() > share_link_max_chars) {
    return unexpected_error("the link is too large (" + std::to_string(link.size()) + " characters; at most " +
                            std::to_string(share_link_max_chars) + ")");
  }
  if (const auto hash = link.find('#'); hash != std::string_view::npos) link.remove_prefix(hash + 1);
  if (link.substr(0, prefix.size()) != prefix) {
    return unexpected_error("this is not a crawlbench results link (no \"r=v\" in it)");
  }
  link.remove_prefix(prefix.size());
  const auto dot = link.find('.');
  int version = 0;
  for (std::size_t i = 0; i < std::min(dot, link.size()); ++i) {
    if (link[i] < '0' || link[i] > '9' || version > 1000) return unexpected_error("the link is corrupted (bad version)");
    version = version * 10 + (link[i] - '0');
  }
  if (dot == std::string_view::npos || dot == 0) return unexpected_error("the link is truncated or corrupted (no version)");
  if (version != share_link_version) {
    return unexpected_error("the link is version " + std::to_string(version) + "; this build of crawlbench reads version " +
                            std::to_string(share_link_version) +
                            (version > share_link_version ? " (it is newer: update crawlbench)" : ""));
  }
  const auto bytes = from_base64url(link.substr(dot + 1));
  if (!bytes) {
    return unexpected_error("the link is corrupted (characters that base64url does not use, or a cut in the middle)");
  }
  try {
    const json doc = json::from_cbor(*bytes);
    if (integer<int>(field(doc, "v", "document"), "v") != share_link_version) fail("v", "does not match the link's version");
    shared_results out;
    plan_from_json(field(doc, "plan", "document"), out.plan, out.server);
    const json& runs = field(doc, "runs", "document");
    if (!runs.is_array() || runs.size() > max_runs) fail("runs", "expected at most 1000 runs");
    std::size_t total_spans = 0;
    for (std::size_t i = 0; i < runs.size(); ++i) {
      const std::string where = "runs[" + std::to_string(i) + "]";
      strategy_result r = detail::result_from_json(runs[i], where);
      for (double& v : r.series.in_flight) v /= series_scale;
      const json& table = field(runs[i], "span_table", where);
      total_spans += field(table, "start", where + ".span_table").size();
      if (total_spans > max_spans) fail(where, "too many spans");
      r.spans = spans_from_json(table, r, where + ".span_table");
      out.runs.push_back(std::move(r));
    }
    return out;
  } catch (const json::parse_error& e) {
    const std::string what = e.what();
    if (what.find("unexpected end of input") != std::string::npos) {
      return unexpected_error("the link is truncated: it ends before its results do (copy the whole link)");
    }
    return unexpected_error("the link is corrupted: " + what);
  } catch (const json::exception& e) {
    return unexpected_error(std::string("the link is corrupted: ") + e.what());
  } catch (const std::runtime_error& e) {
    return unexpected_error(std::string("the link is corrupted: ") + e.what());
  }
}

}  // namespace crawlbench
