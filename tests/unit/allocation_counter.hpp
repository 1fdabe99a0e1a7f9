#pragma once
// Counts calls to the global operator new in this test binary, to check that a code path
// allocates nothing.
#include <cstddef>

namespace crawlbench::test {
[[nodiscard]] std::size_t allocations() noexcept;
}
