#pragma once
// An embedded delay server on an ephemeral port of 127.0.0.1 (or the host given), its metrics file
// in a fresh folder.
#include <filesystem>
#include <string>
#include <unistd.h>

#include "crawlbench/server/delay_server.hpp"

namespace crawlbench::test {

inline std::filesystem::path fresh_folder(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("crawlbench-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

struct running_server {
  std::filesystem::path folder;
  server::delay_server server;

  explicit running_server(server::server_options o = {}, const std::string& name = "server")
      : folder(fresh_folder(name)), server(with_defaults(std::move(o), folder)) {
    server.start();
  }
  ~running_server() {
    server.stop();
    std::filesystem::remove_all(folder);
  }
  [[nodiscard]] std::uint16_t port(std::size_t i = 0) const { return server.ports().at(i); }

 private:
  static server::server_options with_defaults(server::server_options o, const std::filesystem::path& folder) {
    o.port = 0;
    if (o.threads == 0) o.threads = 2;
    o.grace = std::chrono::milliseconds(200);  // requests still sleeping at the end of a test need not finish
    o.metrics_file = (folder / "metric_data.json").string();
    return o;
  }
};

}  // namespace crawlbench::test
