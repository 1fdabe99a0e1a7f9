#pragma once
// The chapter re-run, as one document: `crawlbench report` fills a chapter_report by running
// every experiment, and this turns it into report.md (tables with the book's figures beside
// crawlbench's, the lower bound and efficiency per row) and results.json.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "crawlbench/mixed_table.hpp"
#include "crawlbench/result.hpp"
#include "crawlbench/result_table.hpp"

namespace crawlbench {

// A picture the report shows; `problem` says why it is missing, when it is.
struct report_image {
  std::string title;
  std::string file;  // relative to report.md
  std::string problem;
};

// "What the HTTP client costs": the same runs on two native clients, libcurl ("curl", the one the
// other sections use) and the lab's asio client ("asio"), back to back against one server.
struct client_costs {
  // The book's four strategies, each on curl then on asio (result.transport names the client),
  // with the crawl thread's CPU per request.
  std::vector<table_row> crawls;
  // The CPU + I/O workload at one cost: noio (the hashing alone, the floor; no client) first, then
  // async on each client; mixed_clients[i] names mixed.runs[i]'s client ("-" for noio).
  mixed_table mixed;
  std::vector<std::string> mixed_clients;
  std::string problem;  // why it was not run, when it was tried and not (an https server: asio speaks http only)
  [[nodiscard]] bool tried() const noexcept { return !crawls.empty() || !mixed.runs.empty() || !problem.empty(); }
};

struct chapter_report {
  bool quick = false;
  std::string command;                                     // how it was made
  std::vector<std::pair<std::string, std::string>> machine;  // "CPU" -> "...", "libcurl" -> "8.x", ...
  std::vector<std::string> notes;                          // things a reader must know (a clamp, say)

  std::vector<strategy_result> crawl;  // the strategies at N x delay, C; serial at fewer requests
  std::vector<strategy_result> sweep;  // gevent over concurrencies
  std::vector<mixed_table> mixed;
  std::optional<strategy_result> scale;
  std::optional<strategy_result> mistake;  // the book's aiohttp URLs, replayed
  // The book's four strategies again over HTTPS (a self-signed embedded server), beside their
  // `crawl` runs over HTTP: what a new connection costs. Empty when not run; `https_problem` then
  // says why, when it was tried.
  std::vector<strategy_result> https;
  std::string https_problem;
  client_costs clients;  // section 7; not tried: no section
  std::vector<report_image> call_graphs;   // one per crawl strategy
  std::optional<report_image> throughput, sweep_plot;
  std::string share_link;  // the crawl's results in the web UI
};

// report.md. Every table row carries crawlbench's figure; the book's stands beside it where the
// book has one ("-" where it has none).
[[nodiscard]] std::string report_markdown(const chapter_report& report);

// results.json: {"format": "crawlbench-report", "version": 1, "quick", "machine", "crawl" (the
// result format, with spans), "sweep", "scale", "mistake", "https" (without), "mixed": [{"cost",
// "runs"}], "clients": {"crawls" (the result format, without spans),
// "cpu_us_per_request" (one per run), "mixed": {"cost", "clients", "runs"}, "problem"}, "share_link"}.
inline constexpr int report_format_version = 1;
[[nodiscard]] std::string report_json(const chapter_report& report);

// The verdict on the replayed mistake: what a crawler that checks its answers says.
[[nodiscard]] std::string mistake_verdict(const strategy_result& replay);

}  // namespace crawlbench
