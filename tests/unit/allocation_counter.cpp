#include "allocation_counter.hpp"

#ifndef CRAWLBENCH_SANITIZED  // the sanitizer runtime owns operator new

#include <cstdlib>
#include <new>

namespace {
std::size_t count = 0;  // the tests are single-threaded
}

namespace crawlbench::test {
std::size_t allocations() noexcept { return count; }
}  // namespace crawlbench::test

void* operator new(std::size_t size) {
  ++count;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

#endif
