#include "url_list_options.hpp"

#include <cstdio>
#include <iostream>

#include "crawlbench/expect_status.hpp"
#include "crawlbench/request_headers.hpp"
#include "crawlbench/url_list.hpp"
#include "crawlbench/url_list_file.hpp"

namespace crawlbench::cli {

namespace {
// The URLs of --urls (its file, or standard input) or of --url-template; or what is wrong.
expected<std::vector<std::string>> urls_of(const url_list_text& text, const run_options& o, bool from_file) {
  if (!from_file) return expand_url_template(text.url_template, o.plan.num, o.plan.seed);
  const bool standard_input = text.file == "-";
  const std::string name = standard_input ? "standard input" : text.file;
  auto content = standard_input ? read_url_list_text(stdin, name) : read_url_list_file(text.file);
  if (!content) return unexpected(std::move(content).error());
  return read_url_list(*content, name);
}

// The URLs; throws CLI::ValidationError naming the option.
std::vector<std::string> list_urls(const CLI::App& run, const url_list_text& text, const run_options& o) {
  const bool from_file = run.count("--urls") != 0;
  auto urls = urls_of(text, o, from_file);
  if (!urls) throw CLI::ValidationError(from_file ? "--urls" : "--url-template", urls.error().message);
  if (from_file && run.count("--num") != 0 && o.plan.num != urls->size()) {
    throw CLI::ValidationError("--num", "the list has " + std::to_string(urls->size()) + " URLs: give no --num, or " +
                                            std::to_string(urls->size()));
  }
  return *std::move(urls);
}

// The options that make no sense with a list of the user's own URLs.
void refuse_delay_server_options(const CLI::App& run, const run_options& o) {
  if (o.transport == "sim") {
    throw CLI::ValidationError("--transport", "sim crawls the simulated delay server; a URL list is fetched over curl");
  }
  if (run.count("--delay") != 0) {
    throw CLI::ValidationError("--delay", "a URL list's requests take what their servers take (an /add URL names its own delay=)");
  }
  if (run.count("--serial-num") != 0) {
    throw CLI::ValidationError("--serial-num", "with a URL list every strategy, serial too, fetches the whole list");
  }
}
// `--strategy all` (the default) with a list whose floor is unknown and no --rate: rate is left
// out, said on stderr (it needs a rate to send at); named explicitly, validate() refuses it.
void leave_out_rate(const CLI::App& run, run_options& o) {
  auto& strategies = o.plan.strategies;
  if (run.count("--rate") != 0 || o.server.list_delay_ms() || strategies.size() != all_strategies.size()) return;
  std::erase(strategies, strategy_kind::rate);
  std::cerr << "crawlbench run: rate left out: give --rate for a URL list (its requests' floor is not known)\n";
}
}  // namespace

void add_url_list_options(CLI::App& run, url_list_text& text) {
  auto* urls = run.add_option("--urls", text.file, "Crawl these URLs instead of a delay server: a file, one URL a line "
                                                   "(# comments), or - for standard input; N is their number");
  auto* url_template = run.add_option("--url-template", text.url_template,
                                      "Crawl --num URLs made from this: {i} the request's index, {random} 10 random letters");
  urls->excludes(url_template)->excludes("--server");
  url_template->excludes("--server")->needs("--num");
  run.add_option("--header", text.headers, "Send this header with every request, \"Name: value\" (repeatable; values are never printed)")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  run.add_option("--expect-status", text.expect_status,
                 "With --urls or --url-template: the statuses that count as success, e.g. 200,204,300-399 (default 200-299)");
}

void resolve_url_list(const CLI::App& run, const url_list_text& text, run_options& into) {
  if (auto checked = check_request_headers(text.headers); !checked) throw CLI::ValidationError("--header", checked.error().message);
  into.plan.headers = text.headers;
  const bool listed = run.count("--urls") != 0 || run.count("--url-template") != 0;
  if (!listed) {
    if (!text.expect_status.empty()) throw CLI::ValidationError("--expect-status", "only with --urls or --url-template");
    return;
  }
  refuse_delay_server_options(run, into);
  if (!text.expect_status.empty()) {
    auto statuses = parse_expect_status(text.expect_status);
    if (!statuses) throw CLI::ValidationError("--expect-status", statuses.error().message);
    into.plan.expect_status = *std::move(statuses);
  }
  auto urls = list_urls(run, text, into);
  into.plan.num = urls.size();
  into.server = url_list_target{std::move(urls)};
  leave_out_rate(run, into);
}

}  // namespace crawlbench::cli
