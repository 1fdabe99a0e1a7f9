#include "crawlbench/posix/file_limit.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <string>

namespace crawlbench::posix {

file_limit raise_file_limit(std::size_t wanted) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return {0, "cannot read the open-file limit"};
  if (limit.rlim_max < wanted) {  // only a privileged process may raise the hard limit
    rlimit raised = limit;
    raised.rlim_max = wanted;
    raised.rlim_cur = std::max<rlim_t>(limit.rlim_cur, wanted);
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;  // EPERM: unprivileged, the hard limit stays
  }
  if (limit.rlim_cur < wanted && limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = std::min<rlim_t>(limit.rlim_max, wanted);
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;  // within the hard limit it cannot fail
  }
  file_limit result{static_cast<std::size_t>(limit.rlim_cur), std::nullopt};
  if (limit.rlim_cur < wanted) {
    result.shortfall = "open-file limit is " + std::to_string(limit.rlim_cur) + " (hard limit " +
                       std::to_string(limit.rlim_max) + "), below the " + std::to_string(wanted) +
                       " wanted: connections beyond it will be refused";
  }
  return result;
}

}  // namespace crawlbench::posix
