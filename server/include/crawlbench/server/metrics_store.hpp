#pragma once
// What the delay server records: per name, each request's {start, end, dt} in wall-clock epoch
// seconds, like the book's tornado server (`time.time()`). Thread-safe. Memory is bounded: each
// stored span costs 24 bytes (three doubles) plus amortised vector growth; past `max_spans` the
// store counts spans instead of storing them, and says so.

#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "crawlbench/expected.hpp"

namespace crawlbench::server {

struct recorded_span {
  double start;
  double end;
  double dt;
};

class metrics_store {
 public:
  explicit metrics_store(std::size_t max_spans) : max_spans_(max_spans) {}

  void record(const std::string& name, double start, double end);

  // The book's format, {name: [{"start","end","dt"}, ...]}; only `name` when given. When spans
  // were dropped, a "_crawlbench" key says how many (the book's format has no place for it).
  [[nodiscard]] std::string to_json(const std::optional<std::string>& name = std::nullopt) const;

  // Writes to_json() to `path` through a temporary file and rename(): a reader sees the old file
  // or the new one, never a torn one. Success, or an error naming the file and the reason.
  [[nodiscard]] expected<void> flush(const std::string& path) const;

  [[nodiscard]] std::size_t stored() const;
  [[nodiscard]] std::size_t dropped() const;

 private:
  mutable std::mutex mutex_;
  mutable std::mutex flush_mutex_;  // one flush at a time: they share the temporary file name
  std::map<std::string, std::vector<recorded_span>> spans_;
  std::size_t max_spans_;
  std::size_t stored_ = 0;
  std::size_t dropped_ = 0;
};

}  // namespace crawlbench::server
