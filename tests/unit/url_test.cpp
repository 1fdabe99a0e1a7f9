#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "crawlbench/url.hpp"

using namespace crawlbench;

TEST_CASE("url base_url builds the book's /add URL with a trailing ampersand") {
  CHECK(base_url("http://127.0.0.1:8082", "gevent", 100) == "http://127.0.0.1:8082/add?name=gevent&delay=100&");
  CHECK(base_url("http://127.0.0.1:8082/", "serial", 0) == "http://127.0.0.1:8082/add?name=serial&delay=0&");
}

TEST_CASE("url add_url builds the POST target of the CPU + I/O workload, one slash before /add") {
  CHECK(add_url("http://127.0.0.1:8082", "mixed-async", 100) == "http://127.0.0.1:8082/add?name=mixed-async&delay=100");
  CHECK(add_url("http://127.0.0.1:8082//", "mixed-noio", 0) == "http://127.0.0.1:8082/add?name=mixed-noio&delay=0");
  CHECK(base_url("http://[::1]:1/", "x", 5) == add_url("http://[::1]:1", "x", 5) + "&");
}

TEST_CASE("url generator appends ten distinct lowercase letters - differently each time") {
  url_generator urls{"http://h/add?name=x&delay=1&", 7};
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string url = urls.next();
    REQUIRE(url.size() == std::string("http://h/add?name=x&delay=1&").size() + 10);
    const std::string suffix = url.substr(url.size() - 10);
    CHECK(std::set<char>(suffix.begin(), suffix.end()).size() == 10);
    for (char c : suffix) CHECK((c >= 'a' && c <= 'z'));
    seen.insert(url);
  }
  CHECK(seen.size() == 1000);
}

TEST_CASE("url generator is reproducible for a seed") {
  url_generator a{"b&", 42}, b{"b&", 42}, c{"b&", 43};
  const auto first = a.next();
  CHECK(first == b.next());
  CHECK(first != c.next());
}

TEST_CASE("url query_value finds keys - empty values and absent keys") {
  const std::string url = "http://h:1/add?name=a&delay=100&abcdefghij";
  CHECK(query_value(url, "name") == "a");
  CHECK(query_value(url, "delay") == "100");
  CHECK(query_value(url, "abcdefghij") == "");
  CHECK_FALSE(query_value(url, "flush").has_value());
  CHECK_FALSE(query_value("http://h/add", "delay").has_value());
  // The book's aiohttp mistake: os.path.join glues the suffix onto the delay.
  CHECK(query_value("http://h/add?name=asyncio&delay=100/abcdefghij", "delay") == "100/abcdefghij");
}

TEST_CASE("url path strips scheme - authority - query and fragment") {
  CHECK(url_path("http://127.0.0.1:8082/add?name=x") == "/add");
  CHECK(url_path("/metrics?name=x") == "/metrics");
  CHECK(url_path("http://h:1") == "");
}

TEST_CASE("url base_url replays the book's os.path.join mistake: the suffix lands inside delay") {
  const auto base = base_url("http://127.0.0.1:8082", "asyncio", 100, url_form::os_path_join);
  CHECK(base == "http://127.0.0.1:8082/add?name=asyncio&delay=100/");
  url_generator urls{base, 1};
  const auto url = urls.next();
  REQUIRE(query_value(url, "delay"));
  CHECK(query_value(url, "delay")->size() == 14);  // "100/" and ten letters: not an integer
  CHECK(query_value(url, "delay")->substr(0, 4) == "100/");
}

TEST_CASE("url generator seek(i) makes the next URL the i-th from the start - in any order") {
  url_generator in_order{"b&", 42};
  std::vector<std::string> urls;
  for (int i = 0; i < 20; ++i) urls.push_back(in_order.next());
  url_generator jumping{"b&", 42};
  for (const std::uint64_t i : {7u, 0u, 19u, 3u, 3u}) {
    jumping.seek(i);
    CHECK(jumping.next() == urls[i]);
  }
  CHECK(jumping.next() == urls[4]);  // after seek(3) and one URL, the next is the 4th
}
