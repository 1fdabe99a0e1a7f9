// A user's own URLs: the list reader, the template, request headers, expected statuses, and a
// crawl of a url_list target in virtual time (issue 19).
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "crawlbench/crawl_plan.hpp"
#include "crawlbench/expect_status.hpp"
#include "crawlbench/request_headers.hpp"
#include "crawlbench/result.hpp"
#include "crawlbench/result_table.hpp"
#include "crawlbench/share_link.hpp"
#include "crawlbench/simulated_transport.hpp"
#include "crawlbench/url_list.hpp"
#include "support.hpp"

using namespace crawlbench;
using namespace std::chrono_literals;

namespace {
crawl_config list_config(strategy_kind s, std::vector<std::string> urls, std::size_t c = 3) {
  crawl_config config = test::book(s, urls.size(), 100, c);
  config.server = url_list_target{std::move(urls)};
  return config;
}

strategy_result crawl_simulated(crawl_config config, simulation_options o = {}) {
  test::virtual_world world;
  simulated_transport sim{world.sched, o};
  return summarize(world.run(run_crawl(world.sched, sim, std::move(config))));
}

// RFC 4648 §5 without padding: the bytes of a share link's payload.
std::string base64url_decoded(std::string_view text) {
  constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  unsigned bits = 0;
  int count = 0;
  for (const char c : text) {
    bits = (bits << 6) | static_cast<unsigned>(alphabet.find(c));
    if ((count += 6) >= 8) {
      count -= 8;
      out.push_back(static_cast<char>((bits >> count) & 0xff));
    }
  }
  return out;
}

const std::vector<std::string> seven_urls = {
    "http://a.example/1",     "http://b.example:8080/2?q=x", "https://[::1]:8443/3",   "http://a.example/4#frag",
    "http://c.example/5?t=1", "http://a.example/6",           "http://d.example/7%20x"};
}  // namespace

TEST_CASE("read_url_list skips blank lines and # comments, tolerates CRLF and spaces, keeps the order") {
  const auto urls = read_url_list("# my URLs\n\nhttp://a/1\r\n  http://b:81/2?x=1&y=2  \n\t# indented comment\nhttps://c/3", "list.txt");
  REQUIRE(urls.has_value());
  CHECK(*urls == std::vector<std::string>{"http://a/1", "http://b:81/2?x=1&y=2", "https://c/3"});
}

TEST_CASE("read_url_list names the file and the line of the first bad URL") {
  const auto bad = read_url_list("# head\nhttp://a/1\n\nftp://b/2\nnot a url\n", "list.txt");
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().message.rfind("list.txt:4: ", 0) == 0);
  CHECK(bad.error().message.find("http:// or https://") != std::string::npos);

  for (const char* line : {"http://a/b c", "http://a/\"x\"", "http://a/%zz", "http://a/{i}", "/relative", "http://"}) {
    INFO(line);
    const auto refused = read_url_list(std::string("http://ok/\n") + line + "\n", "f");
    REQUIRE_FALSE(refused.has_value());
    CHECK(refused.error().message.rfind("f:2: ", 0) == 0);
  }
  CHECK_FALSE(read_url_list("http://a/" + std::string(max_list_url_bytes, 'x') + "\n", "f").has_value());
  CHECK(read_url_list("http://a/" + std::string(max_list_url_bytes - 9, 'x'), "f").has_value());
}

TEST_CASE("read_url_list refuses a text with no URL: empty, blank or comments only") {
  for (const char* text : {"", "\n\n", "# only a comment\r\n  \n"}) {
    const auto empty = read_url_list(text, "list.txt");
    REQUIRE_FALSE(empty.has_value());
    CHECK(empty.error().message == "list.txt: no URLs in it (only blank lines and # comments)");
  }
}

TEST_CASE("expand_url_template fills {i} with the index and {random} with ten letters, the same for one seed") {
  const auto urls = expand_url_template("http://h:8082/p?q={i}&r={random}", 3, 7);
  REQUIRE(urls.has_value());
  REQUIRE(urls->size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    const std::string prefix = "http://h:8082/p?q=" + std::to_string(i) + "&r=";
    REQUIRE((*urls)[i].rfind(prefix, 0) == 0);
    const std::string letters = (*urls)[i].substr(prefix.size());
    CHECK(letters.size() == 10);
    CHECK(std::all_of(letters.begin(), letters.end(), [](char c) { return c >= 'a' && c <= 'z'; }));
    CHECK(std::set<char>(letters.begin(), letters.end()).size() == 10);  // distinct, as random.sample
  }
  CHECK((*urls)[0] != (*urls)[1]);
  CHECK(*expand_url_template("http://h:8082/p?q={i}&r={random}", 3, 7) == *urls);
  CHECK(*expand_url_template("http://h:8082/p?q={i}&r={random}", 3, 8) != *urls);
  CHECK(*expand_url_template("http://h/", 2, 1) == std::vector<std::string>{"http://h/", "http://h/"});
}

TEST_CASE("expand_url_template refuses unknown placeholders, an unclosed brace and URLs that come out bad") {
  const auto unknown = expand_url_template("http://h/?q={n}", 2, 1);
  REQUIRE_FALSE(unknown.has_value());
  CHECK(unknown.error().message == "unknown placeholder {n}: use {i} or {random}");
  CHECK_FALSE(expand_url_template("http://h/?q={i", 2, 1).has_value());
  CHECK_FALSE(expand_url_template("ftp://h/{i}", 2, 1).has_value());
  const auto port = expand_url_template("http://h:6553{i}/", 7, 1);  // 65536 is no port
  REQUIRE_FALSE(port.has_value());
  CHECK(port.error().message.rfind("URL 6 of the template: ", 0) == 0);
  CHECK_FALSE(expand_url_template("http://h/", 0, 1).has_value());
}

TEST_CASE("add_url_delay_ms reads a delay server's /add URL, nothing for any other") {
  CHECK(add_url_delay_ms("http://h:1/add?name=x&delay=250&abc") == 250);
  CHECK(add_url_delay_ms("http://h:1/base/add?delay=0") == 0);
  CHECK_FALSE(add_url_delay_ms("http://h:1/page?delay=250").has_value());
  CHECK_FALSE(add_url_delay_ms("http://h:1/add?name=x").has_value());
  CHECK_FALSE(add_url_delay_ms("http://h:1/add?delay=-1").has_value());
  CHECK_FALSE(add_url_delay_ms("http://h:1/add?delay=99999999999").has_value());
}

TEST_CASE("request headers: a token name, a value without CR, LF or NUL, and no value in any message") {
  CHECK(check_request_header("Authorization: Bearer abc.def").has_value());
  CHECK(check_request_header("X-Empty:").has_value());
  CHECK(check_request_header("Accept:\tapplication/json").has_value());
  CHECK(request_header_name("X-Token: s3cret") == "X-Token");
  for (const std::string& bad : {std::string("no colon"), std::string(": v"), std::string("Bad Name: v"),
                                std::string("X(y): v"), std::string("X-Token: s3cret\r\nHost: evil"),
                                std::string("X-Token: s3cret\n"), std::string("X-Token: s3c\0ret", 16)}) {
    INFO(bad);
    const auto refused = check_request_header(bad);
    REQUIRE_FALSE(refused.has_value());
    CHECK(refused.error().message.find("s3c") == std::string::npos);
  }
  const auto list = check_request_headers({"A: 1", "X-Token: s3cret\r\n"});
  REQUIRE_FALSE(list.has_value());
  CHECK(list.error().message.rfind("header 2: the value of X-Token", 0) == 0);
  CHECK_FALSE(check_request_headers(std::vector<std::string>(max_request_headers + 1, "A: 1")).has_value());
  CHECK_FALSE(check_request_header("A: " + std::string(max_request_header_bytes, 'v')).has_value());
}

TEST_CASE("expect_status parses codes and ranges - any 2xx by default") {
  const expected_statuses any_2xx;
  CHECK(any_2xx.holds(200));
  CHECK(any_2xx.holds(299));
  CHECK_FALSE(any_2xx.holds(300));
  CHECK_FALSE(any_2xx.holds(0));
  const auto set = parse_expect_status(" 200, 204 ,300-399");
  REQUIRE(set.has_value());
  CHECK(set->holds(204));
  CHECK(set->holds(301));
  CHECK_FALSE(set->holds(201));
  CHECK(set->text() == "200,204,300-399");
  CHECK(*parse_expect_status(set->text()) == *set);
  for (const char* bad : {"", "200,", "99", "600", "2xx", "399-300", "-1", "200-"}) {
    INFO(bad);
    CHECK_FALSE(parse_expect_status(bad).has_value());
  }
}

TEST_CASE("classify: a URL list's answer is ok for a status in the set, whatever the body - failures below HTTP stay") {
  response r;
  r.status = 204;
  r.body = "anything";
  r.body_bytes = 8;
  CHECK(classify(r, expected_statuses{}) == outcome::ok);
  CHECK(classify(r, ".") == outcome::http_error);  // the delay server's exact check
  r.status = 404;
  CHECK(classify(r, expected_statuses{}) == outcome::http_error);
  CHECK(classify(r, *parse_expect_status("404")) == outcome::ok);
  r.error = transfer_error::timeout;
  CHECK(classify(r, *parse_expect_status("404")) == outcome::timeout);
}

TEST_CASE("url list crawl: request i fetches URL i on every strategy, with the headers, and sums the bodies") {
  for (const auto s : all_strategies) {
    INFO(to_string(s));
    test::virtual_world world;
    test::recording_transport recorder{world.time, 200, "<p>a page</p>"};
    auto config = list_config(s, seven_urls);
    config.rate_rps = 1000;
    config.headers = {"Authorization: Bearer s3cret", "X-Run: 1"};
    const auto r = summarize(world.run(run_crawl(world.sched, recorder, config)));
    CHECK(std::multiset<std::string>(recorder.urls.begin(), recorder.urls.end()) ==
          std::multiset<std::string>(seven_urls.begin(), seven_urls.end()));
    if (s == strategy_kind::serial) CHECK(recorder.urls == seven_urls);
    CHECK(recorder.headers == config.headers);
    CHECK(r.ok == 7);
    CHECK(r.result_bytes == 7 * std::string("<p>a page</p>").size());
  }
}

TEST_CASE("url list crawl: a status outside the expected set is an http_error") {
  test::virtual_world world;
  test::recording_transport recorder{world.time, 404, "<p>a page</p>"};
  auto r = summarize(world.run(run_crawl(world.sched, recorder, list_config(strategy_kind::aiohttp, seven_urls))));
  CHECK(r.error_kinds["http_error"] == 7);
  auto config = list_config(strategy_kind::aiohttp, seven_urls);
  config.expect_status = *parse_expect_status("200-299,404");
  test::recording_transport again{world.time, 404, "<p>a page</p>"};
  r = summarize(world.run(run_crawl(world.sched, again, config)));
  CHECK(r.ok == 7);
}

TEST_CASE("url list lower bound: /add URLs of one delay give the exact bound, like the delay server") {
  std::vector<std::string> urls;
  for (int i = 0; i < 10; ++i) urls.push_back("http://h" + std::to_string(i % 2) + ":1/add?name=x&delay=100&q" + std::to_string(i));
  const auto r = crawl_simulated(list_config(strategy_kind::aiohttp, urls, 5));
  CHECK(r.ok == 10);
  CHECK_FALSE(r.lower_bound_estimated);
  CHECK(r.delay_ms == 100);
  CHECK(r.lower_bound_s == Approx(0.2));
  CHECK(r.seconds == Approx(0.2));
}

TEST_CASE("url list lower bound: other URLs estimate the floor from the fastest successful request") {
  simulation_options o;
  o.round_trip = 3ms;
  auto pages = list_config(strategy_kind::gevent, {"http://a/p1", "http://a/p2", "http://b/p3", "http://b/p4"}, 2);
  pages.expect_status = *parse_expect_status("404");  // the simulator's answer to any path but /add
  const auto r = crawl_simulated(pages, o);
  CHECK(r.ok == 4);
  CHECK(r.lower_bound_estimated);
  CHECK(r.delay_ms == 0);
  CHECK(r.lower_bound_s == Approx(2 * 0.003));  // ceil(4/2) x the fastest, 3 ms

  // /add URLs of different delays: no common delay, so the floor is the fastest request, 100 ms.
  const auto mixed = crawl_simulated(list_config(strategy_kind::aiohttp, {"http://h/add?delay=100", "http://h/add?delay=200"}, 1), {});
  CHECK(mixed.lower_bound_estimated);
  CHECK(mixed.lower_bound_s == Approx(2 * 0.1));

  // Nothing succeeded: a bound of 0 s, still estimated, and no efficiency.
  const auto failed = crawl_simulated(list_config(strategy_kind::aiohttp, {"http://a/p1"}), o);
  CHECK(failed.lower_bound_estimated);
  CHECK(failed.lower_bound_s == 0);
  CHECK_FALSE(failed.efficiency.has_value());
}

TEST_CASE("url list validate: num is the list's length - mirrors, a rate with no floor and a bad header are refused") {
  auto config = list_config(strategy_kind::aiohttp, seven_urls);
  CHECK(validate(config).has_value());
  config.num = 8;
  CHECK(validate(config).error().message == "num: a list of 7 URLs makes 7 requests, not 8");
  config = list_config(strategy_kind::aiohttp, seven_urls);
  config.mirrors = {"http://127.0.0.1:8083"};
  CHECK(validate(config).error().message.rfind("origins: a URL list names its own servers", 0) == 0);
  config = list_config(strategy_kind::rate, seven_urls);
  CHECK(validate(config).error().message.rfind("rate: give the rate", 0) == 0);
  config.rate_rps = 10;
  CHECK(validate(config).has_value());
  config.headers = {"X-Token: s3cret\r\nX: y"};
  CHECK(validate(config).error().message.find("s3cret") == std::string::npos);
  CHECK_FALSE(validate(config).has_value());

  auto delay_server = test::book(strategy_kind::aiohttp, 10);
  delay_server.expect_status = *parse_expect_status("404");
  CHECK(validate(delay_server).error().message.rfind("expect-status: only for a URL list", 0) == 0);
  CHECK_FALSE(validate(list_config(strategy_kind::aiohttp, {"http://a/", "ftp://b/"})).has_value());
  CHECK(validate(list_config(strategy_kind::aiohttp, {"http://a/", "ftp://b/"})).error().message.rfind("server: URL 2 of 2: ", 0) == 0);
}

TEST_CASE("url list target: started, no base URL, origins in its label, compared by its URLs") {
  const server_target list{url_list_target{seven_urls}};
  CHECK(list.is_url_list());
  CHECK(list.started());
  CHECK(list.started_at("http://x:1") == list);
  CHECK_THROWS_AS(list.base_url(), std::logic_error);
  CHECK(list.link_text().empty());
  CHECK(list.describe() == "7 URLs on http://a.example, http://b.example:8080, https://[::1]:8443 and 2 more");
  CHECK(list.describe().find("q=x") == std::string::npos);
  CHECK(server_target{url_list_target{{"http://a/1"}}}.describe() == "1 URL on http://a");
  CHECK(list == server_target{url_list_target{seven_urls}});
  CHECK_FALSE(list == server_target{url_list_target{{"http://a/1"}}});
  CHECK_FALSE(list == server_target{url_target{"http://a.example"}});
  CHECK_FALSE(list.list_delay_ms().has_value());
  CHECK(server_target{url_list_target{{"http://a/add?delay=50", "http://b/add?delay=50&x"}}}.list_delay_ms() == 50);
  CHECK_FALSE(server_target{url_list_target{}}.check().has_value());
}

TEST_CASE("url list plan: serial fetches the whole list too - request_url names each request's URL") {
  crawl_plan plan;
  plan.num = seven_urls.size();
  plan.serial_num = 2;
  plan.headers = {"X-Run: 1"};
  const auto runs = plan_runs(plan, server_target{url_list_target{seven_urls}});
  for (const auto& config : runs) {
    CHECK(config.num == 7);
    CHECK(config.headers == plan.headers);
  }
  CHECK(request_url(runs.front(), 3) == seven_urls[3]);
  auto delay_server = test::book(strategy_kind::aiohttp, 3);
  delay_server.server = url_target{"http://h:1"};
  CHECK(request_url(delay_server, 2).rfind("http://h:1/add?name=aiohttp&delay=100&", 0) == 0);
}

TEST_CASE("url list share link: the count of URLs travels, never the URLs or a header value") {
  crawl_plan plan;
  plan.num = 2;
  plan.strategies = {strategy_kind::aiohttp};
  plan.headers = {"Authorization: Bearer s3cret-t0ken"};
  const server_target list{url_list_target{{"http://a/p?token=qu3ry-t0ken", "http://b/"}}};
  auto runs = plan_runs(plan, list);
  test::virtual_world world;
  test::recording_transport recorder{world.time, 200, "<p>a page</p>"};
  shared_results shared{plan, list, {summarize(world.run(run_crawl(world.sched, recorder, runs.front())))}};
  const std::string link = encode_share_fragment(shared);
  const auto decoded = decode_share_link(link);
  REQUIRE(decoded.has_value());
  CHECK(decoded->server.is_url_list());
  CHECK(decoded->server.url_list()->urls.empty());
  CHECK(decoded->plan.num == 2);
  CHECK(decoded->plan.headers.empty());
  CHECK(decoded->runs.front().lower_bound_estimated);
  // The CBOR's bytes hold strings as they are: none of the secrets is among them.
  const std::string json_text = write_results_json(decoded->runs, true);
  CHECK(base64url_decoded(link.substr(link.find('.') + 1)).find("url_list") != std::string::npos);  // the decoder works
  for (const char* secret : {"s3cret-t0ken", "qu3ry-t0ken", "Bearer"}) {
    CHECK(json_text.find(secret) == std::string::npos);
    CHECK(base64url_decoded(link.substr(link.find('.') + 1)).find(secret) == std::string::npos);
  }
}

TEST_CASE("lower_bound_estimated: written and read back in the result JSON, absent means false - ~ and a note in the table") {
  strategy_result r;
  r.strategy = "aiohttp";
  r.num = 1;
  r.concurrency = 1;
  r.lower_bound_s = 0.25;
  r.lower_bound_estimated = true;
  const auto back = read_results_json(write_results_json({r}, false));
  REQUIRE(back.has_value());
  CHECK(back->front().lower_bound_estimated);
  std::string text = write_results_json({r}, false);
  text.replace(text.find("\"lower_bound_estimated\":true,"), 29, "");
  CHECK_FALSE(read_results_json(text)->front().lower_bound_estimated);
  std::string wrong = write_results_json({r}, false);
  wrong.replace(wrong.find("true"), 4, "1");
  CHECK_FALSE(read_results_json(wrong).has_value());

  const std::string table = format_table({{r, 0}});
  CHECK(table.find("~0.250") != std::string::npos);
  CHECK(table.find("estimated") != std::string::npos);
  CHECK(format_table({{strategy_result{}, 0}}).find("estimated") == std::string::npos);
  const std::string csv = format_csv({{r, 0}});
  CHECK(csv.find(",lower_bound_s,lower_bound_estimated,") != std::string::npos);
  CHECK(csv.find(",0.250000,1,") != std::string::npos);
}
