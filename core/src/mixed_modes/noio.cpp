// noio: the CPU work alone, no I/O: the floor every other mode is measured against.
#include "mixed_modes.hpp"

namespace crawlbench::detail {

task<void> mixed_noio(const mode_context& m) {
  for (std::size_t i = 0; i < m.items.size() && m.run.go_on(); ++i) {
    static_cast<void>(m.run.compute(i, m.items[i]));
    co_await m.between_items();
  }
}

}  // namespace crawlbench::detail
