#include "crawlbench/report.hpp"

#include <cstdio>
#include <map>

#include <nlohmann/json.hpp>

#include "crawlbench/book_figures.hpp"
#include "crawlbench/mixed_json.hpp"
#include "crawlbench/result_table.hpp"
#include "printf_string.hpp"

namespace crawlbench {

namespace {
using detail::printf_string;

std::string errors_cell(const strategy_result& r) {
  if (r.errors == 0) return "0";
  std::string out = "**" + std::to_string(r.errors) + "**";
  for (const auto& [kind, count] : r.error_kinds) out += " " + kind + " x " + std::to_string(count);
  return out;
}

std::string image_markdown(const report_image& image) {
  if (!image.problem.empty()) return "*(" + image.title + ": not drawn: " + image.problem + ")*\n";
  return "![" + image.title + "](" + image.file + ")\n";
}

std::string crawl_book_cells(const strategy_result& r) {
  const auto figure = book_figure_for(r.strategy);
  if (!figure || r.delay_ms != 100) return "- | -";
  if (r.strategy == "serial") {
    return printf_string("%.3f s/req | %.3f s/req", figure->book_seconds / 1000, figure->rerun_seconds / 1000);
  }
  if (r.num != 1000 || r.concurrency != 100) return "- | -";
  return printf_string("%.3f s | %.2f s", figure->book_seconds, figure->rerun_seconds);
}

void crawl_section(std::string& md, const chapter_report& report) {
  auto first = report.crawl.front();
  for (const auto& r : report.crawl) {
    if (r.strategy != "serial") {
      first = r;
      break;
    }
  }
  md += printf_string("## 1. The crawler: %zu URLs, %lld ms each, concurrency %zu\n\n", first.num,
                      static_cast<long long>(first.delay_ms), first.concurrency);
  md += "Every strategy fetches the same cache-busting URLs from the embedded delay server; the lower bound is "
        "`ceil(N/C) x delay` (for rate, its schedule: (N-1)/rate + delay), efficiency is bound / seconds. The book's "
        "figures are for 1000 x 100 ms at C=100.\n\n";
  md += "| strategy | N | C | seconds | lower bound | efficiency | errors | p50 ms | p99 ms | max in flight | book | book's code re-run |\n";
  md += "|---|---|---|---|---|---|---|---|---|---|---|---|\n";
  for (const auto& r : report.crawl) {
    std::string seconds = printf_string("%.3f", r.seconds);
    if (r.strategy == "serial" && r.num > 0) seconds += printf_string(" (%.4f s/req)", r.seconds / static_cast<double>(r.num));
    md += printf_string("| %s | %zu | %zu | %s | %.3f | %s | %s | %.1f | %.1f | %zu | %s |\n", r.strategy.c_str(),
                        r.num, r.concurrency, seconds.c_str(), r.lower_bound_s, efficiency_cell(r.efficiency).c_str(),
                        errors_cell(r).c_str(), r.latency.p50, r.latency.p99, r.max_in_flight,
                        crawl_book_cells(r).c_str());
  }
  for (const auto& r : report.crawl) {
    if (r.strategy == "serial" && r.num != first.num) {
      md += printf_string("\nserial ran %zu of the %zu requests: it takes N x delay (%.0f s for all of them), so its "
                          "figure is per request, as is the book's beside it.\n",
                          r.num, first.num, static_cast<double>(first.num * static_cast<std::size_t>(first.delay_ms)) / 1000);
    }
  }
  if (!report.share_link.empty()) md += "\nThese results in the web UI: [share link](" + report.share_link + ").\n";
  if (!report.call_graphs.empty()) {
    md += "\n### Call graphs\n\nEach request a segment from its start to its end, as the book draws them "
          "(crawlbench gui's headless screenshot of the same results):\n\n";
    for (const auto& image : report.call_graphs) md += image_markdown(image) + "\n";
  }
  if (report.throughput) md += "### Throughput and in flight over time\n\n" + image_markdown(*report.throughput) + "\n";
}

void sweep_section(std::string& md, const chapter_report& report) {
  const auto& first = report.sweep.front();
  md += printf_string("## 2. Concurrency sweep: %s, %zu requests at %lld ms\n\n", first.strategy.c_str(), first.num,
                      static_cast<long long>(first.delay_ms));
  const bool books = first.num == sweep_book_num && first.delay_ms == sweep_book_delay_ms && first.strategy == "gevent";
  md += "More concurrency hides more latency until the server or the client saturates; the book's Python server "
        "saturated past about 400.\n\n";
  md += "| concurrency | seconds | lower bound | efficiency | errors | throughput req/s | book |\n";
  md += "|---|---|---|---|---|---|---|\n";
  for (const auto& r : report.sweep) {
    const auto book = books ? sweep_book_seconds(r.concurrency) : std::nullopt;
    md += printf_string("| %zu | %.3f | %.3f | %s | %s | %.0f | %s |\n", r.concurrency, r.seconds, r.lower_bound_s,
                        efficiency_cell(r.efficiency).c_str(), errors_cell(r).c_str(), r.throughput_rps,
                        book ? printf_string("%.2f s", *book).c_str() : "-");
  }
  if (report.sweep_plot) md += "\n" + image_markdown(*report.sweep_plot);
  md += "\n";
}

// "### PREFIXbcrypt cost 8: 600 items, 100 ms per POST", for a table with runs.
std::string mixed_heading(const char* prefix, const mixed_table& table) {
  const auto& first = table.runs.front();
  return printf_string("### %s%s: %zu items, %lld ms per POST\n\n", prefix, table.cpu.c_str(), first.items,
                       static_cast<long long>(first.delay_ms));
}

void mixed_section(std::string& md, const chapter_report& report) {
  md += "## 3. CPU + I/O: bcrypt, each result POSTed to a server that sleeps\n\n";
  md += "noio is the hashing alone, the floor; I/O overhead is a mode's seconds minus noio's. The lower bound is the "
        "mode's own hashing plus the delays it cannot hide: every POST's for serial, one per batch for batched, the "
        "last POST's for async and threaded (or ceil(items/concurrency) delays when the cap binds). threaded (not in "
        "the book) hashes on a second thread while the loop's thread sends and answers.\n\n";
  for (const auto& table : report.mixed) {
    if (table.runs.empty()) continue;
    md += mixed_heading("", table);
    md += format_mixed_markdown(table) + "\n";
  }
}

void scale_section(std::string& md, const strategy_result& r) {
  md += printf_string("## 4. Scale: %zu URLs, %lld ms each, concurrency %zu\n\n", r.num, static_cast<long long>(r.delay_ms),
                      r.concurrency);
  md += "Beyond the book: the same crawler, many more requests and connections at once.\n\n";
  md += "| strategy | N | C | seconds | lower bound | efficiency | errors | throughput req/s | p99 ms |\n";
  md += "|---|---|---|---|---|---|---|---|---|\n";
  md += printf_string("| %s | %zu | %zu | %.3f | %.3f | %s | %s | %.0f | %.1f |\n\n", r.strategy.c_str(), r.num,
                      r.concurrency, r.seconds, r.lower_bound_s, efficiency_cell(r.efficiency).c_str(), errors_cell(r).c_str(),
                      r.throughput_rps, r.latency.p99);
}

void mistake_section(std::string& md, const strategy_result& r) {
  md += "## 5. The book's aiohttp URL mistake, replayed\n\n";
  md += "The chapter's aiohttp notebook builds its URLs with `os.path.join(base_url, random)` on a base without the "
        "trailing `&`, so every URL reads `...&delay=100/abcdefghij`. The server answers each with `400 Invalid value "
        "for delay`, a 97-byte page, and the notebook printed `Result: 97000, Time: 0.24` as its result. crawlbench "
        "sends the same URLs and checks every answer:\n\n";
  md += "| run | N | C | seconds | bytes | ok | errors |\n|---|---|---|---|---|---|---|\n";
  md += printf_string("| the book's notebook | 1000 | 100 | %.2f | %zu | (not checked) | (not checked) |\n",
                      mistake_book_seconds, mistake_book_bytes);
  md += printf_string("| crawlbench, the same URLs | %zu | %zu | %.3f | %zu | %zu | %s |\n\n", r.num, r.concurrency,
                      r.seconds, r.result_bytes, r.ok, errors_cell(r).c_str());
  md += "**" + mistake_verdict(r) + "**\n\n";
}

// A run's connection cells: opened, TLS handshakes, setup ms per request ("-" where unknown).
std::string connection_cells(const strategy_result& r) {
  const std::string setup = r.connection_setup_s && r.num > 0
                                ? printf_string("%.3f", *r.connection_setup_s * 1000 / static_cast<double>(r.num))
                                : std::string("-");
  return count_cell(r.connections_opened) + " | " + count_cell(r.tls_handshakes) + " | " + setup;
}

void https_row(std::string& md, const strategy_result& r, const char* over) {
  md += printf_string("| %s | %s | %zu | %zu | %.3f | %s | %s | %s |\n", r.strategy.c_str(), over, r.num, r.concurrency,
                      r.seconds, efficiency_cell(r.efficiency).c_str(), connection_cells(r).c_str(), errors_cell(r).c_str());
}

void https_section(std::string& md, const chapter_report& report) {
  md += "## 6. Over HTTPS: what a new connection costs\n\n";
  md += "The book's four strategies again, against the same embedded server speaking HTTPS (a self-signed certificate "
        "the crawler trusts), each beside its run over HTTP above. serial and gevent open a connection per request, as "
        "the book's `urllib` does: N TCP connects and, over HTTPS, N TLS handshakes. tornado and aiohttp keep "
        "connections alive: about C of each. *setup ms/req* is the time requests spent from their start to a usable "
        "connection (connect, then TLS), summed and divided by N (libcurl's CONNECT_TIME and APPCONNECT_TIME).\n\n";
  if (report.https.empty()) {
    md += "*(not run: " + (report.https_problem.empty() ? std::string("interrupted") : report.https_problem) + ")*\n\n";
    return;
  }
  md += "| strategy | over | N | C | seconds | efficiency | connections opened | TLS handshakes | setup ms/req | errors |\n";
  md += "|---|---|---|---|---|---|---|---|---|---|\n";
  for (const auto& secure : report.https) {
    for (const auto& plain : report.crawl) {
      if (plain.strategy == secure.strategy) https_row(md, plain, "HTTP");
    }
    https_row(md, secure, "HTTPS");
  }
  md += "\n";
}
// asio's figure over curl's, "0.52x"; "-" when curl's is not positive.
std::string ratio_cell(double asio, double curl) { return curl > 0 ? printf_string("%.2fx", asio / curl) : std::string("-"); }

// The curl row of `asio`'s strategy, if any.
const table_row* curl_row_for(const std::vector<table_row>& rows, const strategy_result& asio) {
  for (const auto& row : rows) {
    if (row.result.strategy == asio.strategy && row.result.transport == "curl") return &row;
  }
  return nullptr;
}

void client_crawl_table(std::string& md, const std::vector<table_row>& rows) {
  md += "| strategy | client | N | C | seconds | efficiency | client CPU µs/req | asio/curl seconds | asio/curl CPU | errors |\n";
  md += "|---|---|---|---|---|---|---|---|---|---|\n";
  for (const auto& row : rows) {
    const auto& r = row.result;
    const table_row* curl = r.transport == "asio" ? curl_row_for(rows, r) : nullptr;
    const std::string ratios = curl ? ratio_cell(r.seconds, curl->result.seconds) + " | " +
                                          ratio_cell(row.client_cpu_us_per_request, curl->client_cpu_us_per_request)
                                    : std::string("- | -");
    md += printf_string("| %s | %s | %zu | %zu | %.3f | %s | %.1f | %s | %s |\n", r.strategy.c_str(), r.transport.c_str(),
                        r.num, r.concurrency, r.seconds, efficiency_cell(r.efficiency).c_str(),
                        row.client_cpu_us_per_request, ratios.c_str(), errors_cell(r).c_str());
  }
}

// The CPU + I/O table's columns with the client after the mode.
void client_mixed_table(std::string& md, const client_costs& costs) {
  md += mixed_heading("CPU + I/O on each client, ", costs.mixed);
  md += "| " + std::string(mixed_columns[0]) + " | client |";
  for (std::size_t c = 1; c < mixed_columns.size(); ++c) md += " " + std::string(mixed_columns[c]) + " |";
  md += "\n|---|---|";
  for (std::size_t c = 1; c < mixed_columns.size(); ++c) md += "---|";
  md += "\n";
  const auto rows = mixed_rows(costs.mixed);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    md += "| " + rows[i][0] + " | " + (i < costs.mixed_clients.size() ? costs.mixed_clients[i] : std::string("-")) + " |";
    for (std::size_t c = 1; c < rows[i].size(); ++c) md += " " + rows[i][c] + " |";
    md += "\n";
  }
  md += "\n";
}

void clients_section(std::string& md, const client_costs& costs) {
  md += "## 7. What the HTTP client costs: libcurl and the lab's asio client\n\n";
  md += "The book's four strategies again at the same load, each on both native clients back to back against the same "
        "embedded server: libcurl (*curl*, the default, which every section above uses) and the lab's lean Boost.Asio + "
        "Beast client (*asio*, http only). The strategies are the same code; only the client differs. *client CPU "
        "µs/req* is the crawl thread's CPU time (user + system) over N, as `crawlbench run` prints it: the client "
        "library's work and the strategy's, which both share. *asio/curl* is asio's figure over curl's: below 1x, asio "
        "costs less.\n\n";
  if (!costs.problem.empty()) {
    md += "*(not run: " + costs.problem + ")*\n\n";
    return;
  }
  if (!costs.crawls.empty()) {
    client_crawl_table(md, costs.crawls);
    md += "\n";
  }
  if (costs.mixed.runs.empty()) return;
  md += "The CPU + I/O workload's async mode on each client. The I/O time a client did not hide behind the hashing "
        "is its seconds minus its lower bound (its own CPU time plus one delay); the I/O overhead column (seconds "
        "minus noio's) also carries the hashing's own run-to-run spread, which can be larger.\n\n";
  client_mixed_table(md, costs);
}
}  // namespace

std::string mistake_verdict(const strategy_result& replay) {
  if (replay.errors == 0) return "Not flagged: every request succeeded, which the book's URLs cannot do.";
  // By HTTP status where the server answered (the book's mistake: 400), else by kind.
  std::map<std::string, std::size_t> failures;
  for (const auto& s : replay.spans) {
    if (!s.recorded || s.result == outcome::ok) continue;
    ++failures[s.status != 0 ? "HTTP " + std::to_string(s.status) : std::string(to_string(s.result))];
  }
  if (failures.empty()) failures = replay.error_kinds;
  std::string kinds;
  for (const auto& [kind, count] : failures) kinds += (kinds.empty() ? "" : ", ") + kind + " x " + std::to_string(count);
  return printf_string("Flagged: %zu of %zu requests failed (%s); the %.2f s and %zu bytes are not a result.",
                       replay.errors, replay.num, kinds.c_str(), replay.seconds, replay.result_bytes);
}

std::string report_markdown(const chapter_report& report) {
  std::string md = "# The chapter, re-run: crawlbench report\n\n";
  md += "*High Performance Python*, \"Asynchronous I/O\": every experiment of the chapter run again against "
        "crawlbench's embedded delay server, the book's figures beside ours.";
  if (report.quick) {
    md += " **Quick run** (`--quick`): serial at 10 requests, the sweep without its slow first points, the CPU + I/O "
          "workload at a small cost and a short delay, and a smaller scale run; book figures show only where a run "
          "matches the book's.";
  }
  md += "\n\nMade by `" + report.command + "`.\n\n";
  if (!report.machine.empty()) {
    md += "| machine | |\n|---|---|\n";
    for (const auto& [key, value] : report.machine) md += "| " + key + " | " + value + " |\n";
    md += "\n";
  }
  for (const auto& note : report.notes) md += "- " + note + "\n";
  if (!report.notes.empty()) md += "\n";
  if (!report.crawl.empty()) crawl_section(md, report);
  if (!report.sweep.empty()) sweep_section(md, report);
  if (!report.mixed.empty()) mixed_section(md, report);
  if (report.scale) scale_section(md, *report.scale);
  if (report.mistake) mistake_section(md, *report.mistake);
  if (!report.https.empty() || !report.https_problem.empty()) https_section(md, report);
  if (report.clients.tried()) clients_section(md, report.clients);
  return md;
}

namespace {
nlohmann::ordered_json clients_json(const client_costs& costs) {
  using json = nlohmann::ordered_json;
  std::vector<strategy_result> results;
  json cpu = json::array();
  for (const auto& row : costs.crawls) {
    results.push_back(row.result);
    cpu.push_back(row.client_cpu_us_per_request);
  }
  json doc;
  doc["crawls"] = json::parse(write_results_json(results, false));
  doc["cpu_us_per_request"] = cpu;
  doc["mixed"] = {{"cost", costs.mixed.cost},
                  {"clients", costs.mixed_clients},
                  {"runs", json::parse(write_mixed_json(costs.mixed.runs, costs.mixed.cost, "embedded"))}};
  if (!costs.problem.empty()) doc["problem"] = costs.problem;
  return doc;
}
}  // namespace

std::string report_json(const chapter_report& report) {
  using json = nlohmann::ordered_json;
  const auto runs = [](const std::vector<strategy_result>& results, bool spans) {
    return json::parse(write_results_json(results, spans));
  };
  json doc;
  doc["format"] = "crawlbench-report";
  doc["version"] = report_format_version;
  doc["quick"] = report.quick;
  doc["command"] = report.command;
  doc["machine"] = json::object();
  for (const auto& [key, value] : report.machine) doc["machine"][key] = value;
  doc["notes"] = report.notes;
  doc["crawl"] = runs(report.crawl, true);
  doc["sweep"] = runs(report.sweep, false);
  doc["mixed"] = json::array();
  for (const auto& table : report.mixed) {
    doc["mixed"].push_back({{"cost", table.cost}, {"runs", json::parse(write_mixed_json(table.runs, table.cost, "embedded"))}});
  }
  doc["scale"] = report.scale ? runs({*report.scale}, false) : json(nullptr);
  doc["mistake"] = report.mistake ? runs({*report.mistake}, false) : json(nullptr);
  doc["mistake_verdict"] = report.mistake ? json(mistake_verdict(*report.mistake)) : json(nullptr);
  doc["https"] = runs(report.https, false);
  if (!report.https_problem.empty()) doc["https_problem"] = report.https_problem;
  doc["clients"] = clients_json(report.clients);
  doc["share_link"] = report.share_link;
  return doc.dump(1);
}

}  // namespace crawlbench
