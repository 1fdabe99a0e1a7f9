#include "crawlbench/server/metrics_store.hpp"

#include <nlohmann/json.hpp>

#include "crawlbench/atomic_file.hpp"

namespace crawlbench::server {

void metrics_store::record(const std::string& name, double start, double end) {
  const std::lock_guard lock(mutex_);
  if (stored_ >= max_spans_) {
    ++dropped_;
    return;
  }
  spans_[name].push_back({start, end, end - start});
  ++stored_;
}

std::string metrics_store::to_json(const std::optional<std::string>& name) const {
  nlohmann::ordered_json doc = nlohmann::ordered_json::object();
  const std::lock_guard lock(mutex_);
  for (const auto& [key, spans] : spans_) {
    if (name && key != *name) continue;
    auto& list = doc[key] = nlohmann::ordered_json::array();
    for (const auto& s : spans) list.push_back({{"start", s.start}, {"end", s.end}, {"dt", s.dt}});
  }
  if (name && !doc.contains(*name)) doc[*name] = nlohmann::ordered_json::array();
  if (dropped_ != 0) {
    doc["_crawlbench"] = {{"stored_spans", stored_}, {"dropped_spans", dropped_}, {"max_spans", max_spans_},
                          {"note", "past max_spans the server counts spans instead of storing them"}};
  }
  return doc.dump();
}

expected<void> metrics_store::flush(const std::string& path) const {
  const std::string content = to_json();
  const std::lock_guard lock(flush_mutex_);
  return write_file_atomically(path, content);
}

std::size_t metrics_store::stored() const {
  const std::lock_guard lock(mutex_);
  return stored_;
}

std::size_t metrics_store::dropped() const {
  const std::lock_guard lock(mutex_);
  return dropped_;
}

}  // namespace crawlbench::server
