#pragma once
// This process's open-file limit (RLIMIT_NOFILE, getrlimit/setrlimit), raised as far as it may
// go: by crawlbench-server at start, by the embedded server's child, and by every native front
// end before it fits a crawl to the limit (native/embedded/open_file_limit.hpp). How many files a
// crawl wants is core's arithmetic (core/include/crawlbench/open_files.hpp).
#include <cstddef>
#include <optional>
#include <string>

namespace crawlbench::posix {

struct file_limit {
  std::size_t open_files = 0;  // the soft limit now in force, in files; 0 when it cannot be read
  // Why it stays below what was wanted, in a sentence ("open-file limit is 200 (hard limit 200),
  // below the 1064 wanted: connections beyond it will be refused"); nothing when it does not.
  std::optional<std::string> shortfall;
};

// Raises the soft limit towards `wanted` files, up to the hard limit (and the hard limit too when
// the process may: CAP_SYS_RESOURCE). Never lowers either. Errors are values: a limit that cannot
// be read is 0 files with a shortfall; one that cannot be raised is the limit as it is.
[[nodiscard]] file_limit raise_file_limit(std::size_t wanted);

}  // namespace crawlbench::posix
