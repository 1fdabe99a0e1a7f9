#pragma once
// Level of detail for call graphs taller than their plot: when several requests share a pixel
// row, drawing each one is overdraw (100,000 requests on 500 pixel rows: 200 quads on every row).
// merge_rows() turns each pixel row's requests into the few intervals they cover, per colour, so
// the GPU draws hundreds of quads instead of 100,000 and the picture stays the same.

#include <cstddef>
#include <vector>

#include "crawlbench/ui/span_renderer.hpp"

namespace crawlbench::ui {

// `requests` holds one instance per request, row i at index i. Every `rows_per_line` consecutive
// rows become one line: for each colour the union of their intervals (in flight: from the
// earliest start, still open), drawn failed last so errors stay on top. Hidden requests (not
// issued) are skipped. `out` is overwritten.
void merge_rows(const std::vector<span_instance>& requests, std::size_t rows_per_line, std::vector<span_instance>& out);

}  // namespace crawlbench::ui
