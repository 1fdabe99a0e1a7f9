#pragma once
// Coroutine frames come and go by the million in a crawl (several per request), in a handful of
// sizes. A per-thread free list per 64-byte size class recycles them without a trip through
// malloc; frames above the largest class go to ::operator new. Memory is kept for reuse by the
// thread that freed it, like malloc's own per-thread caches, and returned at thread exit.
// Sanitizer builds define CRAWLBENCH_NO_FRAME_POOL so every frame is a real allocation that ASan
// can watch.

#include <array>
#include <cstddef>
#include <new>
#include <utility>

namespace crawlbench::detail {

class frame_allocator {
 public:
  static void* allocate(std::size_t size) {
#ifndef CRAWLBENCH_NO_FRAME_POOL
    if (const auto c = size_class(size); c < class_count) {
      auto& head = cache().heads[c];
      if (head) return std::exchange(head, head->next);
      return ::operator new(class_size(c));
    }
#endif
    return ::operator new(size);
  }

  static void deallocate(void* p, [[maybe_unused]] std::size_t size) noexcept {
#ifndef CRAWLBENCH_NO_FRAME_POOL
    if (const auto c = size_class(size); c < class_count) {
      auto& head = cache().heads[c];
      head = ::new (p) free_block{head};
      return;
    }
#endif
    ::operator delete(p);
  }

 private:
  static constexpr std::size_t granule = 64;
  static constexpr std::size_t class_count = 32;  // frames up to 2 KiB

  struct free_block {
    free_block* next;
  };

  struct per_thread {
    std::array<free_block*, class_count> heads{};
    per_thread() = default;
    per_thread(const per_thread&) = delete;
    per_thread& operator=(const per_thread&) = delete;
    ~per_thread() {
      for (auto* head : heads) {
        while (head) ::operator delete(std::exchange(head, head->next));
      }
    }
  };

  static constexpr std::size_t size_class(std::size_t size) noexcept { return (size + granule - 1) / granule - 1; }
  static constexpr std::size_t class_size(std::size_t c) noexcept { return (c + 1) * granule; }

  static per_thread& cache() noexcept {
    thread_local per_thread instance;
    return instance;
  }
};

// Mixed into promise types: their coroutine frames use the frame allocator.
struct pooled_frame {
  static void* operator new(std::size_t size) { return frame_allocator::allocate(size); }
  static void operator delete(void* p, std::size_t size) noexcept { frame_allocator::deallocate(p, size); }
};

}  // namespace crawlbench::detail
