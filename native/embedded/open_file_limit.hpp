#pragma once
// Fitting a crawl to this process's open-file limit, for every native front end (crawlbench run,
// mixed, report and the GUI): the soft limit is raised as far as the hard limit allows, and past
// it concurrency is lowered, with a message, rather than requests failed for want of a socket.
// One file per connection: the embedded server runs in a process of its own (embedded_server.hpp).
// The arithmetic is core's (core/include/crawlbench/open_files.hpp).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "crawlbench/crawl.hpp"

namespace crawlbench::native {

// A number of connections at once, and its name in messages ("concurrency", "batch").
struct connections_at_once {
  std::string_view what;
  std::size_t* value;
};

// Lowers each value that does not fit. Returns what to tell the user, each different message
// once: nothing when everything fits.
[[nodiscard]] std::vector<std::string> fit_to_open_file_limit(const std::vector<connections_at_once>& values);
// The same for every run of a plan (serial, at concurrency 1, always fits).
[[nodiscard]] std::vector<std::string> fit_to_open_file_limit(std::vector<crawl_config>& runs);

}  // namespace crawlbench::native
