// Level of detail for tall call graphs: what each pixel row's merged quads must cover.
#include <catch2/catch.hpp>

#include "span_lod.hpp"

using namespace crawlbench;
using namespace crawlbench::ui;

namespace {
span_instance quad(float start, float end, span_colour colour) {
  return {start, end, 0, static_cast<float>(colour)};
}

// A finished request from `start` to `end` s over a connection used as `use`, connected and its
// TLS done at the times given (s).
span finished(double start, double end, connection_use use, double connected = 0, double tls_done = 0) {
  span s;
  s.started = from_seconds(start);
  s.done = from_seconds(end);
  s.connection = use;
  s.connected = from_seconds(connected);
  s.tls_done = from_seconds(tls_done);
  s.recorded = true;
  return s;
}

// The quads of `colour` in `out`.
std::vector<span_instance> of_colour(const std::vector<span_instance>& out, span_colour colour) {
  std::vector<span_instance> found;
  for (const auto& q : out) {
    if (q.colour == static_cast<float>(colour)) found.push_back(q);
  }
  return found;
}
}  // namespace

TEST_CASE("lod: one row per line keeps every request, in place") {
  const std::vector<span_instance> requests = {quad(0, 1, span_colour::ok), quad(0.5f, 2, span_colour::failed)};
  std::vector<span_instance> out;
  merge_rows(requests, {}, 1, out);
  REQUIRE(out.size() == 2);
  CHECK(out[0].row == 0);
  CHECK(out[1].row == 1);
  CHECK(out[1].end_s == 2);
  CHECK(out[1].colour == static_cast<float>(span_colour::failed));
}

TEST_CASE("lod: a line is the union of its requests per colour, failed drawn last, unsent skipped") {
  std::vector<span_instance> requests = {
      quad(0.0f, 0.1f, span_colour::ok),     quad(0.05f, 0.2f, span_colour::ok),  // overlap: one
      quad(0.3f, 0.4f, span_colour::ok),                                            // apart: another
      quad(0.1f, 0.15f, span_colour::failed), quad(0.5f, -1, span_colour::in_flight),
      quad(0.45f, -1, span_colour::in_flight), quad(9, 9, span_colour::hidden),
      quad(0.12f, 0.3f, span_colour::failed),
  };
  std::vector<span_instance> out;
  merge_rows(requests, {}, requests.size(), out);
  REQUIRE(out.size() == 4);
  CHECK(out[0].start_s == 0.0f);
  CHECK(out[0].end_s == 0.2f);
  CHECK(out[1].start_s == 0.3f);
  CHECK(out[1].end_s == 0.4f);
  CHECK(out[0].colour == static_cast<float>(span_colour::ok));
  CHECK(out[2].colour == static_cast<float>(span_colour::in_flight));
  CHECK(out[2].start_s == 0.45f);  // the earliest request in flight
  CHECK(out[2].end_s < 0);         // still open: the shader ends it at "now"
  CHECK(out[3].colour == static_cast<float>(span_colour::failed));
  CHECK(out[3].start_s == 0.1f);
  CHECK(out[3].end_s == 0.3f);
  for (const auto& line : out) CHECK(line.row == 3.5f);  // the middle of rows 0..7
}

TEST_CASE("lod: 100000 requests in waves on 500 lines become a few quads per line") {
  std::vector<span_instance> requests(100'000);
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const float start = 0.1f * static_cast<float>(i / 10'000);  // 10 waves of 10,000
    requests[i] = quad(start, start + 0.1f, span_colour::ok);
  }
  std::vector<span_instance> out;
  merge_rows(requests, {}, 200, out);
  CHECK(out.size() == 500);
  CHECK(out.front().start_s == 0.0f);
  CHECK(out.back().start_s == Approx(0.9f));
  CHECK(out.back().row == Approx(99'899.5f));
}

TEST_CASE("lod: a request that opened a connection gets its connect and TLS handshake drawn over it") {
  const std::vector<span_instance> requests = {quad(0.1f, 0.5f, span_colour::ok), quad(0.1f, 0.4f, span_colour::ok)};
  const std::vector<span> spans = {finished(0.1, 0.5, connection_use::opened_tls, 0.12, 0.18),
                                   finished(0.1, 0.4, connection_use::opened, 0.11)};
  std::vector<span_instance> out;
  merge_rows(requests, spans, 1, out);
  const auto connects = of_colour(out, span_colour::connecting), handshakes = of_colour(out, span_colour::tls_handshake);
  REQUIRE(connects.size() == 2);
  CHECK(connects[0].row == 0);
  CHECK(connects[0].start_s == 0.1f);
  CHECK(connects[0].end_s == Approx(0.12f));
  CHECK(connects[1].row == 1);
  CHECK(connects[1].end_s == Approx(0.11f));
  REQUIRE(handshakes.size() == 1);  // plain http: a connect, no handshake
  CHECK(handshakes[0].row == 0);
  CHECK(handshakes[0].start_s == Approx(0.12f));
  CHECK(handshakes[0].end_s == Approx(0.18f));
  CHECK(of_colour(out, span_colour::ok).size() == 2);  // the requests themselves, as before
  REQUIRE(out.size() == 5);  // each line: its request, then its connect and handshake drawn over it
  CHECK(out[0].colour == static_cast<float>(span_colour::ok));
  CHECK(out[1].colour == static_cast<float>(span_colour::connecting));
  CHECK(out[2].colour == static_cast<float>(span_colour::tls_handshake));
}

TEST_CASE("lod: reused or unknown connections add no quads, and a line merges its requests' connects") {
  const std::vector<span_instance> requests = {quad(0, 1, span_colour::ok), quad(0, 1, span_colour::ok),
                                               quad(0.5f, 1, span_colour::ok), quad(0.6f, 1, span_colour::ok)};
  std::vector<span> spans = {finished(0, 1, connection_use::unknown), finished(0, 1, connection_use::reused),
                             finished(0.5, 1, connection_use::reused), finished(0.6, 1, connection_use::unknown)};
  std::vector<span_instance> out;
  merge_rows(requests, spans, 1, out);
  CHECK(out.size() == 4);
  CHECK(of_colour(out, span_colour::connecting).empty());
  spans[0] = finished(0, 1, connection_use::opened, 0.01);
  spans[1] = finished(0, 1, connection_use::opened, 0.02);  // overlaps the first on the same line
  spans[3] = finished(0.6, 1, connection_use::opened, 0.61);
  merge_rows(requests, spans, 4, out);
  const auto connects = of_colour(out, span_colour::connecting);
  REQUIRE(connects.size() == 2);
  CHECK(connects[0].start_s == 0.0f);
  CHECK(connects[0].end_s == Approx(0.02f));
  CHECK(connects[1].start_s == Approx(0.6f));
  CHECK(connects[0].row == 1.5f);
}
