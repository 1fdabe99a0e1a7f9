// Level of detail for tall call graphs: what each pixel row's merged quads must cover.
#include <catch2/catch.hpp>

#include "span_lod.hpp"

using namespace crawlbench::ui;

namespace {
span_instance request(float start, float end, span_colour colour) {
  return {start, end, 0, static_cast<float>(colour)};
}
}  // namespace

TEST_CASE("lod: one row per line keeps every request, in place") {
  const std::vector<span_instance> requests = {request(0, 1, span_colour::ok), request(0.5f, 2, span_colour::failed)};
  std::vector<span_instance> out;
  merge_rows(requests, 1, out);
  REQUIRE(out.size() == 2);
  CHECK(out[0].row == 0);
  CHECK(out[1].row == 1);
  CHECK(out[1].end_s == 2);
  CHECK(out[1].colour == static_cast<float>(span_colour::failed));
}

TEST_CASE("lod: a line is the union of its requests per colour, failed drawn last, unsent skipped") {
  std::vector<span_instance> requests = {
      request(0.0f, 0.1f, span_colour::ok),     request(0.05f, 0.2f, span_colour::ok),  // overlap: one
      request(0.3f, 0.4f, span_colour::ok),                                            // apart: another
      request(0.1f, 0.15f, span_colour::failed), request(0.5f, -1, span_colour::in_flight),
      request(0.45f, -1, span_colour::in_flight), request(9, 9, span_colour::hidden),
      request(0.12f, 0.3f, span_colour::failed),
  };
  std::vector<span_instance> out;
  merge_rows(requests, requests.size(), out);
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
    requests[i] = request(start, start + 0.1f, span_colour::ok);
  }
  std::vector<span_instance> out;
  merge_rows(requests, 200, out);
  CHECK(out.size() == 500);
  CHECK(out.front().start_s == 0.0f);
  CHECK(out.back().start_s == Approx(0.9f));
  CHECK(out.back().row == Approx(99'899.5f));
}
