#pragma once
// For tests of the crawlbench binary: run it, and a loopback port where nothing listens.
#include <cstdint>
#include <string>

#include "child_process.hpp"
#include "server_fixture.hpp"

namespace crawlbench::test {

// A port nothing listens on: bound once, then released.
inline std::uint16_t closed_port() {
  server::server_options o;
  o.port = 0;
  o.threads = 1;
  o.metrics_file = "/dev/null";
  server::delay_server probe{o};
  return probe.ports()[0];
}

// Runs `PREFIX crawlbench ARGS` in sh (PREFIX: "ulimit -n 200 && exec", say); its output
// (stdout and stderr) and exit status.
inline int run_cli_in_shell(const std::string& prefix, const std::string& args, std::string& output) {
  return run_in_shell(prefix + " " + CRAWLBENCH_CLI_BINARY + " " + args, output);
}

// Runs `crawlbench ARGS`; its output (stdout and stderr) and exit status.
inline int run_cli(const std::string& args, std::string& output) { return run_cli_in_shell("", args, output); }

}  // namespace crawlbench::test
