#include "crawlbench/open_files.hpp"

#include <algorithm>

namespace crawlbench {

std::size_t open_files_wanted(std::size_t concurrency, std::size_t files_per_connection) noexcept {
  return concurrency * std::max<std::size_t>(files_per_connection, 1) + reserved_open_files;
}

std::size_t connections_within(std::size_t open_files, std::size_t files_per_connection) noexcept {
  if (open_files == 0) return 0;
  const std::size_t usable = open_files > reserved_open_files ? open_files - reserved_open_files : 0;
  return std::max<std::size_t>(usable / std::max<std::size_t>(files_per_connection, 1), 1);
}

std::optional<std::string> fit_concurrency(std::size_t& concurrency, std::size_t open_files,
                                           std::size_t files_per_connection, std::string_view what) {
  const std::size_t most = connections_within(open_files, files_per_connection);
  if (most == 0 || concurrency <= most) return std::nullopt;
  std::string note = std::string(what) + " " + std::to_string(concurrency) + " lowered to " + std::to_string(most) +
                     ": the open-file limit of " + std::to_string(open_files) + " holds no more connections";
  if (files_per_connection > 1) note += " (two files each: this process's server holds the other ends)";
  concurrency = most;
  return note;
}

std::optional<std::string> fit_concurrency(crawl_config& config, std::size_t open_files,
                                           std::size_t files_per_connection) {
  if (config.effective_concurrency() == 1) return std::nullopt;
  return fit_concurrency(config.concurrency, open_files, files_per_connection);
}

}  // namespace crawlbench
