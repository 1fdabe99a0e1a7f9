#pragma once
// `crawlbench run`'s options for the user's own URLs (issue 19): --urls FILE (or - for standard
// input), --url-template T with --num, --header (repeatable) and --expect-status. Read and
// checked once the command line is parsed, before anything is sent: a bad line, a missing,
// unreadable or empty file is refused naming the file and line (exit 2).
#include <CLI/CLI.hpp>

#include <cstddef>
#include <string>
#include <vector>

#include "run_command.hpp"

namespace crawlbench::cli {

struct url_list_text {
  std::string file;                  // --urls: a file of URLs, one a line; "-" is standard input
  std::string url_template;          // --url-template: "http://h:1/p?q={i}&r={random}"
  std::vector<std::string> headers;  // --header "Name: value", each given
  std::string expect_status;         // --expect-status "200,204,300-399"
};

void add_url_list_options(CLI::App& run, url_list_text& text);

// Fills `into` from what was given: a url_list server, N the number of URLs, the headers and
// expected statuses. Throws CLI::ValidationError naming the option ("--urls: list.txt:3: ...")
// for a bad list, template, header or status list, or a combination that makes no sense
// (--transport sim, --delay, --serial-num, a --num other than the list's length).
void resolve_url_list(const CLI::App& run, const url_list_text& text, run_options& into);

}  // namespace crawlbench::cli
