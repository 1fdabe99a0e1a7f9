#pragma once
// Level of detail for call graphs taller than their plot: when several requests share a pixel
// row, drawing each one is overdraw (100,000 requests on 500 pixel rows: 200 quads on every row).
// merge_rows() turns each pixel row's requests into the few intervals they cover, per colour, so
// the GPU draws hundreds of quads instead of 100,000 and the picture stays the same. A call graph
// whose requests opened connections goes through it too, one row per line: merging is where each
// request's connect and TLS handshake become quads of their own.

#include <cstddef>
#include <vector>

#include "crawlbench/span.hpp"
#include "crawlbench/ui/span_renderer.hpp"

namespace crawlbench::ui {

// `requests` holds one instance per request, row i at index i, and `spans` the same requests (or
// fewer: those past its end open no connection). Every `rows_per_line` consecutive rows become one
// line: for each colour the union of their intervals (in flight: from the earliest start, still
// open), failed after ok and in flight so errors stay over successes; then, over them, the union
// of the connects (start to connected) and of the TLS handshakes (connected to tls_done) of the
// requests that opened a connection. Hidden requests (not issued) are skipped. `out` is overwritten.
void merge_rows(const std::vector<span_instance>& requests, const std::vector<span>& spans, std::size_t rows_per_line,
                std::vector<span_instance>& out);

}  // namespace crawlbench::ui
