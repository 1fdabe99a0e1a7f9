// batched: `batch` hashes, then their POSTs all at once, answered before the next batch (the
// book's batches of 100): one delay per batch is left.
#include <algorithm>
#include <utility>

#include "mixed_modes.hpp"

namespace crawlbench::detail {

task<void> mixed_batched(const mode_context& m) {
  for (std::size_t first = 0; first < m.items.size() && m.run.go_on(); first += m.config.batch) {
    const std::size_t last = std::min(m.items.size(), first + m.config.batch);
    std::vector<std::string> hashes;
    for (std::size_t i = first; i < last && m.run.go_on(); ++i) {
      hashes.push_back(m.run.compute(i, m.items[i]));
      co_await m.between_items();
    }
    if (!m.run.go_on()) break;
    task_scope batch;
    for (std::size_t k = 0; k < hashes.size(); ++k) batch.spawn(m.run.send(first + k, std::move(hashes[k])));
    co_await batch.join();
  }
}

}  // namespace crawlbench::detail
