#include <catch2/catch.hpp>

#include <vector>

#include "crawlbench/http_client.hpp"
#include "crawlbench/result.hpp"
#include "crawlbench/simulated_transport.hpp"
#include "crawlbench/when_all.hpp"
#include "support.hpp"

using namespace crawlbench;
using namespace std::chrono_literals;

TEST_CASE("http_client with max_connections queues the excess in its own FIFO queue") {
  test::virtual_world world;
  simulated_transport sim{world.sched, {}};
  auto ten = [](scheduler& sched, transport& via) -> task<std::vector<response>> {
    http_client client{sched, via, {.reuse = connection_reuse::pooled, .max_connections = 3}};
    std::vector<task<response>> all;
    for (int i = 0; i < 10; ++i) all.push_back(client.get("http://sim/add?delay=100"));
    co_return co_await when_all(std::move(all));
  };
  const auto responses = world.run(ten(world.sched, sim));
  CHECK(sim.stats().max_server_in_flight == 3);
  CHECK(world.seconds() == Approx(0.4));  // ceil(10/3) waves
  for (std::size_t i = 0; i < responses.size(); ++i) {
    CHECK(responses[i].queued == clock::time_point{});  // all handed over at once
    CHECK(to_seconds(responses[i].started) == Approx(0.1 * static_cast<double>(i / 3)));
  }
}

TEST_CASE("http_client without a limit starts every request at once") {
  test::virtual_world world;
  simulated_transport sim{world.sched, {}};
  auto hundred = [](scheduler& sched, transport& via) -> task<std::vector<response>> {
    http_client client{sched, via, {.reuse = connection_reuse::fresh}};
    std::vector<task<response>> all;
    for (int i = 0; i < 100; ++i) all.push_back(client.get("http://sim/add?delay=100"));
    co_return co_await when_all(std::move(all));
  };
  world.run(hundred(world.sched, sim));
  CHECK(sim.stats().max_server_in_flight == 100);
  CHECK(world.seconds() == Approx(0.1));
}

namespace {
// A transport that answers each request at once with the next of its scripted responses, the
// n-th (from 0) stamped as started at n * 10 ms and done 5 ms later, and keeps what it was asked.
class scripted_transport final : public transport {
 public:
  explicit scripted_transport(std::vector<response> answers) : answers_(std::move(answers)) {}
  void start(transfer& t) override {
    asked.push_back(t.req());
    response r = next_ < answers_.size() ? answers_[next_] : response{};
    r.started = clock::time_point{10ms * next_++};
    r.first_byte = r.done = r.started + 5ms;
    t.complete(std::move(r));  // the awaiter is resumed by the scheduler, after start() returns
  }
  [[nodiscard]] std::string_view name() const noexcept override { return "scripted"; }
  std::vector<request> asked;

 private:
  std::vector<response> answers_;
  std::size_t next_ = 0;
};

response ok_answer() {
  response r;
  r.status = 200;
  r.body = ".";
  r.body_bytes = 1;
  return r;
}
response failed(transfer_error error, bool reused, bool answer_started = false) {
  response r;
  r.error = error;
  r.reused_connection = reused;
  r.answer_started = answer_started;
  return r;
}

// Sends one request (a POST when `post`) through a pooled http_client over `via`.
response send_one(test::virtual_world& world, scripted_transport& via, bool post = false) {
  auto one = [](scheduler& sched, transport& t, bool as_post) -> task<response> {
    http_client client{sched, t, {.reuse = connection_reuse::pooled}};
    if (as_post) co_return co_await client.post("http://s/add", "body");
    co_return co_await client.get("http://s/add");
  };
  return world.run(one(world.sched, via, post));
}
}  // namespace

TEST_CASE("http_client retries once, on a new connection, a request whose kept-alive connection died unanswered") {
  for (const bool post : {false, true}) {
    test::virtual_world world;
    scripted_transport via{{failed(transfer_error::connection_reset, true), ok_answer()}};
    const auto r = send_one(world, via, post);
    CHECK(r.error == transfer_error::none);
    CHECK(r.status == 200);
    CHECK(r.retries == 1);
    REQUIRE(via.asked.size() == 2);
    CHECK_FALSE(via.asked[0].options.new_connection);
    CHECK(via.asked[1].options.new_connection);
    CHECK(via.asked[1].options.reuse == connection_reuse::pooled);  // the new connection stays pooled
    CHECK(via.asked[1].url == via.asked[0].url);
    CHECK(via.asked[1].method == via.asked[0].method);
    CHECK(via.asked[1].body == (post ? "body" : ""));
    CHECK(r.started == clock::time_point{});  // the span covers both attempts
    CHECK(r.done == clock::time_point{15ms});
  }
}

TEST_CASE("http_client does not retry a failure on a fresh connection, after an answer began, or other than a reset") {
  const std::vector<response> not_retried = {
      failed(transfer_error::connection_reset, false),     // a fresh connection: the server's fault
      failed(transfer_error::connection_reset, true, true),  // some of the answer came: it may have acted
      failed(transfer_error::timeout, true),               // slow, not closed
      failed(transfer_error::cancelled, true),
      failed(transfer_error::connection_refused, false),
  };
  for (const auto& first : not_retried) {
    INFO(to_string(first.error) << ", reused " << first.reused_connection << ", answer started " << first.answer_started);
    test::virtual_world world;
    scripted_transport via{{first, ok_answer()}};
    const auto r = send_one(world, via);
    CHECK(r.error == first.error);
    CHECK(r.retries == 0);
    CHECK(via.asked.size() == 1);
  }
}

TEST_CASE("http_client retries at most once: a retry that dies too is the request's error") {
  test::virtual_world world;
  // Even a retry reported as a kept-alive death (a transport that ignored new_connection) ends it.
  scripted_transport via{
      {failed(transfer_error::connection_reset, true), failed(transfer_error::connection_reset, true), ok_answer()}};
  const auto r = send_one(world, via);
  CHECK(r.error == transfer_error::connection_reset);
  CHECK(r.retries == 1);
  CHECK(via.asked.size() == 2);
}

TEST_CASE("http_client's retry counts in the crawl's spans and summary") {
  test::virtual_world world;
  std::vector<response> answers;
  for (int i = 0; i < 6; ++i) answers.push_back(i % 3 == 1 ? failed(transfer_error::connection_reset, true) : ok_answer());
  scripted_transport via{answers};
  auto config = test::book(strategy_kind::aiohttp, 4, 10, 1);
  config.server = url_target{"http://s"};
  const auto result = summarize(world.run(run_crawl(world.sched, via, config)));
  CHECK(result.ok == 4);
  CHECK(result.errors == 0);
  CHECK(result.retries == 2);
  CHECK(result.spans[0].retries == 0);
  CHECK(result.spans[1].retries == 1);
  CHECK(result.spans[2].retries == 0);
  CHECK(result.spans[3].retries == 1);
}
