#pragma once
// Makes a run's server_target (core/include/crawlbench/target.hpp) ready to fetch from, for every
// native front end (crawlbench run, mixed, report and the GUI): an embedded target gets the URL of
// the embedded_server this object starts the first time one is needed, and keeps while it lives;
// url and simulated targets pass unchanged. The one place a native run's embedded server starts.
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "crawlbench/crawl.hpp"
#include "crawlbench/target.hpp"
#include "embedded_server.hpp"

namespace crawlbench::native {

class target_starter {
 public:
  // `target` ready to run (started() is true), or why its embedded server could not start:
  // "cannot start the embedded delay server: fork: ...".
  [[nodiscard]] expected<server_target> start(const server_target& target);
  // The same for each run's server; why not, or nothing (every run's server then started).
  [[nodiscard]] expected<void> start_each(std::vector<crawl_config>& runs);

 private:
  std::unique_ptr<embedded_server> server_;
};

}  // namespace crawlbench::native
