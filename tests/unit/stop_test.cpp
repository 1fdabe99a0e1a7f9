#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <optional>
#include <vector>
#ifndef __EMSCRIPTEN__
#include <thread>
#endif

#include "crawlbench/stop.hpp"

using namespace crawlbench;

TEST_CASE("stop_token from a default constructor never stops") {
  const stop_token none;
  CHECK_FALSE(none.stop_possible());
  CHECK_FALSE(none.stop_requested());
  int ran = 0;
  { const stop_callback never{none, [&] { ++ran; }}; }
  CHECK(ran == 0);
}

TEST_CASE("stop_source request_stop runs every callback once, and only its first call makes the request") {
  stop_source source;
  const stop_token token = source.token();
  CHECK(token.stop_possible());
  CHECK_FALSE(token.stop_requested());
  std::vector<int> ran;
  const stop_callback first{token, [&] { ran.push_back(1); }};
  const stop_callback second{token, [&] { ran.push_back(2); }};
  CHECK(ran.empty());
  CHECK(source.request_stop());
  CHECK(token.stop_requested());
  CHECK(source.stop_requested());
  std::sort(ran.begin(), ran.end());
  CHECK(ran == std::vector<int>{1, 2});
  CHECK_FALSE(source.request_stop());
  CHECK(ran.size() == 2);
}

TEST_CASE("stop_source copies share one request") {
  stop_source source;
  stop_source copy = source;  // NOLINT(performance-unnecessary-copy-initialization): the point
  copy.request_stop();
  CHECK(source.stop_requested());
  CHECK(source.token().stop_requested());
  const stop_source fresh;
  CHECK_FALSE(fresh.token().stop_requested());
}

TEST_CASE("stop_callback registered after the request runs at once, in its constructor") {
  stop_source source;
  source.request_stop();
  int ran = 0;
  const stop_callback late{source.token(), [&] { ++ran; }};
  CHECK(ran == 1);
}

TEST_CASE("stop_callback destroyed before the request never runs, and the others still do") {
  stop_source source;
  int gone = 0;
  int kept = 0;
  std::optional<stop_callback> first;
  first.emplace(source.token(), [&] { ++gone; });
  const stop_callback middle{source.token(), [&] { ++kept; }};
  std::optional<stop_callback> last;
  last.emplace(source.token(), [&] { ++gone; });
  first.reset();  // unlinked from either end of the list
  last.reset();
  source.request_stop();
  CHECK(gone == 0);
  CHECK(kept == 1);
}

TEST_CASE("stop_token outlives its source") {
  std::optional<stop_token> token;
  {
    stop_source source;
    token = source.token();
    source.request_stop();
  }
  CHECK(token->stop_requested());
}

#ifndef __EMSCRIPTEN__  // no second thread in the wasm build's core tests
TEST_CASE("stop_source requested from another thread runs the callbacks there, before request_stop returns") {
  stop_source source;
  std::atomic<std::thread::id> ran_on{};
  const stop_callback note{source.token(), [&] { ran_on = std::this_thread::get_id(); }};
  std::thread::id requester;
  std::thread other{[&] {
    requester = std::this_thread::get_id();
    source.request_stop();
  }};
  other.join();
  CHECK(ran_on.load() == requester);
  CHECK(source.token().stop_requested());
}
#endif
