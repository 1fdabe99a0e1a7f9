// serial: each hash, then its POST, answered before the next hash: every delay is paid in full.
#include <utility>

#include "mixed_modes.hpp"

namespace crawlbench::detail {

task<void> mixed_serial(const mode_context& m) {
  for (std::size_t i = 0; i < m.items.size() && m.run.go_on(); ++i) {
    std::string hash = m.run.compute(i, m.items[i]);
    if (!m.run.go_on()) break;  // stopped during the hash: nothing more is sent
    co_await m.run.send(i, std::move(hash));
  }
}

}  // namespace crawlbench::detail
