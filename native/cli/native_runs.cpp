#include "native_runs.hpp"

#include <iostream>
#include <optional>

#include "cpu_thread.hpp"
#include "crawlbench/http_url.hpp"

namespace crawlbench::cli {

namespace {
// Spans keep only the kind of a failure: the reason a TLS handshake failed is said here, once a run.
void say_tls_failure(const native::native_run_facts& facts, std::string_view what) {
  if (!facts.first_tls_error.empty()) std::cerr << "crawlbench: " << what << ": TLS: " << facts.first_tls_error << "\n";
}

// The scheme as the URL parser reads it (any case: "HTTPS://" too); a URL that does not parse was
// refused where it entered.
bool is_https(std::string_view url) {
  const auto parsed = parse_http_url(url);
  return parsed && parsed->scheme == "https";
}
}  // namespace

crawl_run crawl_natively(const crawl_config& config, native::native_client client, const stop_token& stop,
                         const native::tls_trust& trust) {
  real_clock time;
  scheduler sched{time};
  native::native_run_facts facts;
  auto run = native::run_on_client(
      client, sched, time, stop, trust, [&](auto& transport) { return run_crawl(sched, transport, config, nullptr, stop); }, &facts);
  say_tls_failure(facts, to_string(config.strategy));
  return run;
}

mixed_result mixed_natively(cpu_task& cpu, const mixed_config& config, native::native_client client, const stop_token& stop,
                            const native::tls_trust& trust) {
  real_clock time;
  scheduler sched{time};
  std::optional<native::cpu_thread> beside;
  if (config.mode == mixed_mode::threaded) beside.emplace(sched, cpu, stop);
  native::native_run_facts facts;
  auto result = native::run_on_client(
      client, sched, time, stop, trust,
      [&](auto& transport) { return run_mixed(sched, transport, cpu, config, beside ? &*beside : nullptr, nullptr, stop); }, &facts);
  say_tls_failure(facts, to_string(config.mode));
  return result;
}

expected<void> check_client_reaches(native::native_client client, const server_target& target, bool tls) {
  if (client != native::native_client::asio) return {};
  const std::string why = "--transport asio speaks http only: use --transport curl (the default) for https";
  if (tls) return unexpected_error(why + " (--tls)");
  if (const auto* list = target.url_list()) {
    for (std::size_t i = 0; i < list->urls.size(); ++i) {
      if (is_https(list->urls[i])) return unexpected_error(why + " (URL " + std::to_string(i + 1) + " of the list)");
    }
    return {};
  }
  if (is_https(target.link_text())) return unexpected_error(why + " (" + target.link_text() + ")");
  return {};
}

std::optional<server_target> start_target(native::target_starter& starter, const server_target& target,
                                          std::string_view command) {
  auto started = starter.start(target);
  if (!started) {
    std::cerr << command << ": " << started.error().message << "\n";
    return std::nullopt;
  }
  return *std::move(started);
}

}  // namespace crawlbench::cli
