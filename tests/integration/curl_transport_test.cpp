// The curl transport's own failures, one request at a time: what libcurl refuses to set up, and
// what epoll fails to do (provoked by tests/integration/epoll_faults.hpp). A failure that belongs
// to a request is that request's value; one that means a bug is thrown from poll(), never through
// libcurl. Real sockets on 127.0.0.1; nothing here measures time.
#include <catch2/catch.hpp>

#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>

#include "crawlbench/task.hpp"
#include "crawlbench/transport.hpp"
#include "curl_transport.hpp"
#include "epoll_faults.hpp"
#include "server_fixture.hpp"

using namespace crawlbench;
using namespace std::chrono_literals;

namespace {
task<response> fetch(scheduler& sched, transport& via, request req) {
  response r;
  co_await transfer{sched, via, std::move(req), r};
  co_return r;
}

// One request on `curl`, to completion.
response fetch_one(native::curl_transport& curl, request req) {
  real_clock time;
  scheduler sched{time};
  return native::run_on(sched, curl, fetch(sched, curl, std::move(req)));
}

request get(std::string url) {
  request req;
  req.url = std::move(url);
  req.options.timeout = 10s;
  return req;
}

bool answered(const response& r) { return r.error == transfer_error::none && r.status == 200; }
}  // namespace

TEST_CASE("curl transport fails a request whose option libcurl refuses, naming the option, and goes on") {
  test::running_server s;
  real_clock time;
  native::curl_transport curl{time};
  const std::string refused = std::string("A libcurl function was given a bad argument");

  const auto long_url = fetch_one(curl, get(s.server.url() + "/" + std::string(8'000'001, 'a')));  // past CURL_MAX_INPUT_LENGTH
  CHECK(long_url.error == transfer_error::other);
  CHECK(long_url.error_message == "CURLOPT_URL: " + refused);
  CHECK(long_url.status == 0);

  CHECK(curl.in_flight() == 0);
  CHECK(answered(fetch_one(curl, get(s.server.url() + "/"))));  // the refused handles were reset and reused
}

TEST_CASE("curl transport fails a URL libcurl cannot parse or speak, with libcurl's message") {
  real_clock time;
  native::curl_transport curl{time};
  const auto malformed = fetch_one(curl, get("http://[::1"));
  CHECK(malformed.error == transfer_error::other);
  CHECK(malformed.error_message == curl_easy_strerror(CURLE_URL_MALFORMAT));
  const auto scheme = fetch_one(curl, get("nope://127.0.0.1/"));
  CHECK(scheme.error == transfer_error::other);
  CHECK(scheme.error_message == curl_easy_strerror(CURLE_UNSUPPORTED_PROTOCOL));
}

TEST_CASE("curl transport fails the transfers whose socket epoll cannot watch, with the reason, and goes on") {
  test::running_server s;
  real_clock time;
  native::curl_transport curl{time};
  {
    test::failing_epoll_add no_room{ENOSPC};  // what fs.epoll.max_user_watches gives when reached
    const auto r = fetch_one(curl, get(s.server.url() + "/"));
    CHECK(r.error == transfer_error::other);
    CHECK(r.error_message == std::string("epoll_ctl(EPOLL_CTL_ADD): ") + std::strerror(ENOSPC));
  }
  CHECK(curl.in_flight() == 0);
  CHECK(answered(fetch_one(curl, get(s.server.url() + "/"))));  // the shard's new multi handle works
}

TEST_CASE("curl transport throws an epoll_ctl error that means a bug once the crawl has ended, never through libcurl") {
  test::running_server s;
  real_clock time;
  native::curl_transport curl{time};
  test::failing_epoll_add already_there{EEXIST};
  CHECK_THROWS_AS(fetch_one(curl, get(s.server.url() + "/")), std::logic_error);
  // Abandoned since: later requests fail at once with the reason, and nothing is left in flight.
  const auto later = fetch_one(curl, get(s.server.url() + "/"));
  CHECK(later.error == transfer_error::other);
  CHECK(later.error_message == std::string("epoll_ctl(EPOLL_CTL_ADD): ") + std::strerror(EEXIST));
  CHECK(curl.in_flight() == 0);
}

TEST_CASE("curl transport waits again when epoll_wait is interrupted, and throws its other errors") {
  test::running_server s;
  real_clock time;
  native::curl_transport curl{time};
  {
    test::failing_epoll_wait signal{EINTR, 3};
    CHECK(answered(fetch_one(curl, get(s.server.url() + "/"))));
    CHECK(signal.failed() == 3);
  }
  test::failing_epoll_wait bad{EBADF, 1};
  CHECK_THROWS_AS(fetch_one(curl, get(s.server.url() + "/")), std::system_error);
  CHECK(bad.failed() == 1);
}
