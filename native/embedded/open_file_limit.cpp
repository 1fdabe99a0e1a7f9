#include "open_file_limit.hpp"

#include <algorithm>
#include <optional>

#include "crawlbench/open_files.hpp"
#include "crawlbench/posix/file_limit.hpp"

namespace crawlbench::native {

namespace {
// The soft limit now in force after raising it towards what `most` connections need; 0 when it
// cannot be read (nothing is then lowered), with the reason added to `notes`.
std::size_t raised_limit(std::size_t most, std::vector<std::string>& notes) {
  auto limit = posix::raise_file_limit(open_files_wanted(most, 1));
  if (limit.open_files == 0 && limit.shortfall) notes.push_back(std::move(*limit.shortfall));
  return limit.open_files;
}

void add_once(std::vector<std::string>& notes, std::optional<std::string> note) {
  if (note && std::find(notes.begin(), notes.end(), *note) == notes.end()) notes.push_back(std::move(*note));
}
}  // namespace

std::vector<std::string> fit_to_open_file_limit(mixed_config& config) {
  std::vector<std::string> notes;
  const std::size_t open_files = raised_limit(std::max<std::size_t>({1, config.concurrency, config.batch}), notes);
  add_once(notes, fit_concurrency(config.concurrency, open_files, 1, "concurrency"));
  add_once(notes, fit_concurrency(config.batch, open_files, 1, "batch"));
  return notes;
}

std::vector<std::string> fit_to_open_file_limit(std::vector<mixed_config>& runs) {
  std::vector<std::string> notes;
  for (auto& config : runs) {
    for (auto& note : fit_to_open_file_limit(config)) add_once(notes, std::move(note));
  }
  return notes;
}

std::vector<std::string> fit_to_open_file_limit(std::vector<crawl_config>& runs) {
  std::size_t most = 1;
  for (const auto& config : runs) most = std::max(most, config.effective_concurrency());
  std::vector<std::string> notes;
  const std::size_t open_files = raised_limit(most, notes);
  for (auto& config : runs) add_once(notes, fit_concurrency(config, open_files, 1));
  return notes;
}

}  // namespace crawlbench::native
