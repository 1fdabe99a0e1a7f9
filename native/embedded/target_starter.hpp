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
#include "crawlbench/expected.hpp"
#include "crawlbench/target.hpp"
#include "embedded_server.hpp"

namespace crawlbench::native {

class target_starter {
 public:
  // https: the embedded server speaks HTTPS with a self-signed certificate (embedded_server.hpp),
  // which ca_file() names once it is started.
  explicit target_starter(embedded_scheme scheme = embedded_scheme::http) : scheme_(scheme) {}

  // `target` ready to run (started() is true), or why its embedded server could not start:
  // "cannot start the embedded delay server: fork: ...".
  [[nodiscard]] expected<server_target> start(const server_target& target);
  // The same for each run's server (Config: crawl_config or mixed_config); why not, or nothing
  // (every run's server then started).
  template <typename Config>
  [[nodiscard]] expected<void> start_each(std::vector<Config>& runs) {
    for (auto& config : runs) {
      auto started = start(config.server);
      if (!started) return unexpected(std::move(started).error());
      config.server = *std::move(started);
    }
    return {};
  }
  // The certificate a client must trust to reach the embedded server over https, and only it;
  // empty before it is started, and for http.
  [[nodiscard]] std::string ca_file() const { return server_ ? server_->ca_file() : std::string(); }

 private:
  embedded_scheme scheme_;
  std::unique_ptr<embedded_server> server_;
};

}  // namespace crawlbench::native
