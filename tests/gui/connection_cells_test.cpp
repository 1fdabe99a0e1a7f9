// What a run's connections cost in the results table and the run panel (ui/src/connection_cells.hpp).
#include <catch2/catch.hpp>

#include <memory>
#include <vector>

#include "connection_cells.hpp"
#include "run_view.hpp"

using namespace crawlbench;
using namespace crawlbench::ui;

namespace {
strategy_result run_of(std::size_t num, std::optional<std::size_t> opened, std::optional<std::size_t> tls,
                       std::optional<double> setup_s) {
  strategy_result r;
  r.num = num;
  r.connections_opened = opened;
  r.tls_handshakes = tls;
  r.connection_setup_s = setup_s;
  return r;
}

span finished_over(connection_use use) {
  span s;
  s.started = from_seconds(0.1);
  s.done = from_seconds(0.2);
  s.connection = use;
  s.connected = use == connection_use::opened || use == connection_use::opened_tls ? from_seconds(0.11) : clock::duration{};
  s.tls_done = use == connection_use::opened_tls ? from_seconds(0.13) : clock::duration{};
  s.recorded = true;
  return s;
}

// A live run of as many requests as `uses`, each finished over a connection used so.
std::unique_ptr<run_view> finished_live(const std::vector<connection_use>& uses) {
  crawl_config config;
  config.num = uses.size() + 1;  // one still to come
  auto run = std::make_unique<run_view>(config);
  for (std::size_t i = 0; i < uses.size(); ++i) run->apply(finished_event(0, i, finished_over(uses[i])));
  return run;
}
}  // namespace

TEST_CASE("connection cells show connections opened and TLS handshakes, '-' when the transport cannot tell") {
  const auto fresh = run_of(1000, 1000, 1000, 2.5), pooled = run_of(1000, 100, 0, 0.01), fetch = run_of(1000, {}, {}, {});
  CHECK(connections_cell(fresh) == "1000");
  CHECK(tls_cell(fresh) == "1000");
  CHECK(connections_cell(pooled) == "100");
  CHECK(tls_cell(pooled) == "0");
  CHECK(connections_cell(fetch) == "-");
  CHECK(tls_cell(fetch) == "-");
  CHECK(did_tls(fresh));
  CHECK_FALSE(did_tls(pooled));
  CHECK_FALSE(did_tls(fetch));
}

TEST_CASE("connection summary says what opening connections cost per request, nothing when unknown") {
  CHECK(connection_summary(run_of(1000, 1000, 1000, 2.5)) ==
        "opened 1000 connections (1000 TLS handshakes), 2.50 ms per request setting up");
  CHECK(connection_summary(run_of(1000, 1, 0, 0.0004)) == "opened 1 connection, 0.00 ms per request setting up");
  CHECK(connection_summary(run_of(10, 2, 1, 0.01)) == "opened 2 connections (1 TLS handshake), 1.00 ms per request setting up");
  CHECK(connection_summary(run_of(1000, 0, 0, 0)) == "opened no connection: every request went over a kept-alive one");
  CHECK(connection_summary(run_of(1000, {}, {}, {})).empty());
}

TEST_CASE("run view counts the connections its requests opened, live and again from the result") {
  auto run = finished_live({connection_use::opened_tls, connection_use::reused, connection_use::unknown});
  CHECK(run->opened_connections == 1);
  CHECK(run->tls_handshakes == 1);
  crawl_feed::run_end end;
  end.result.spans = {finished_over(connection_use::opened), finished_over(connection_use::opened),
                      finished_over(connection_use::reused), finished_over(connection_use::opened_tls)};
  end.result.span_stride = 1;
  run->end(std::move(end));
  CHECK(run->opened_connections == 3);
  CHECK(run->tls_handshakes == 1);
}

TEST_CASE("run view of a run without connection info opens none") {
  const auto run = finished_live({connection_use::unknown, connection_use::unknown});
  CHECK(run->opened_connections == 0);
  CHECK(run->tls_handshakes == 0);
}
