#pragma once
// Fitting a crawl to this process's open-file limit, for every native front end (crawlbench run,
// mixed, report and the GUI): the soft limit is raised as far as the hard limit allows, and past
// it concurrency is lowered, with a message, rather than requests failed for want of a socket.
// One file per connection: the embedded server runs in a process of its own (embedded_server.hpp).
// The arithmetic is core's (core/include/crawlbench/open_files.hpp).
#include <cstddef>
#include <string>
#include <vector>

#include "crawlbench/crawl.hpp"
#include "crawlbench/mixed.hpp"

namespace crawlbench::native {

// Lowers the concurrency of every run of a plan that does not fit (serial, at concurrency 1,
// always fits). Returns what to tell the user, each different message once: nothing when
// everything fits.
[[nodiscard]] std::vector<std::string> fit_to_open_file_limit(std::vector<crawl_config>& runs);
// The same for the CPU + I/O workload: its concurrency, and its batch (batched POSTs a whole
// batch at once).
[[nodiscard]] std::vector<std::string> fit_to_open_file_limit(mixed_config& config);
// The same for each of a list of CPU + I/O runs (the GUI's modes one after another).
[[nodiscard]] std::vector<std::string> fit_to_open_file_limit(std::vector<mixed_config>& runs);

}  // namespace crawlbench::native
