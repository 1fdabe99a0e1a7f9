#pragma once
// "Open in browser": runs a program (xdg-open by default) with a URL, without a shell and without
// waiting for it. Each frame, poll() reaps the programs that ended and says if one failed (xdg-open
// exits non-zero when it finds no browser), so the UI can show it.
#include <sys/types.h>

#include <cstddef>
#include <string>
#include <vector>

#include "crawlbench/expected.hpp"

namespace crawlbench::gui {

class browser_opener {
 public:
  explicit browser_opener(std::string program = "xdg-open") : program_(std::move(program)) {}
  ~browser_opener();  // waits for nothing: programs still running are left to init
  browser_opener(const browser_opener&) = delete;
  browser_opener& operator=(const browser_opener&) = delete;

  // Started, or an error saying why not (the program is not installed, ...).
  expected<void> open(const std::string& url);
  // A message for each program that has ended unsuccessfully since the last call.
  std::vector<std::string> poll();
  // Programs started and not yet reaped by poll().
  [[nodiscard]] std::size_t running() const noexcept { return running_.size(); }

 private:
  std::string program_;
  std::vector<pid_t> running_;
};

}  // namespace crawlbench::gui
