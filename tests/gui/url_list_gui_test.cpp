// The run panel's URL list (issue 19): the server field's url_list kind reads a pasted list or a
// loaded file as `crawlbench run --urls` does, names a bad line, explains a share link's empty
// list; and the native GUI's runner crawls a list over two listeners of a real crawlbench-server.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "crawlbench/server/delay_server.hpp"
#include "crawlbench/share_link.hpp"
#include "crawlbench/ui/server_field.hpp"
#include "server_fixture.hpp"
#include "thread_runner.hpp"

using namespace crawlbench;
using namespace std::chrono_literals;

namespace {
// The server field with `text` pasted into its URL list.
ui::server_field pasted(const std::string& text) {
  ui::server_field field;
  field.chosen = ui::server_field::kind::url_list;
  field.list.text = text;
  field.list.edited();
  return field;
}
}  // namespace

TEST_CASE("server_field url_list reads a pasted list: comments and blank lines skipped, request i fetches URL i") {
  const auto field = pasted("# two servers\n\nhttp://127.0.0.1:1/add?delay=5\r\n  https://example.com/a?q=1  \n");
  CHECK(field.list.count == 2);
  CHECK(field.list.problem.empty());
  const auto target = field.target();
  REQUIRE(target);
  REQUIRE(target->url_list());
  CHECK(target->url_list()->urls == std::vector<std::string>{"http://127.0.0.1:1/add?delay=5", "https://example.com/a?q=1"});
}

TEST_CASE("server_field url_list names a bad line pasted:LINE and gives no target, so nothing is sent") {
  const auto field = pasted("http://127.0.0.1:1/a\n# fine\nftp://127.0.0.1/b\n");
  CHECK(field.list.count == 0);
  CHECK(field.list.problem.rfind("pasted:3: ", 0) == 0);
  const auto target = field.target();
  REQUIRE_FALSE(target);
  CHECK(target.error().message == field.list.problem);
  const auto empty = pasted("# nothing but a comment\n\n");
  REQUIRE_FALSE(empty.target());
  CHECK(empty.target().error().message.rfind("pasted: no URLs in it", 0) == 0);
}

TEST_CASE("server_field url_list loads a file, names its lines by the file, and says why a file cannot be loaded") {
  const auto folder = test::fresh_folder("gui-url-list");
  const auto path = folder / "list.txt";
  std::ofstream(path, std::ios::binary) << "http://127.0.0.1:1/a\nnot a url\n";
  ui::server_field field;
  field.chosen = ui::server_field::kind::url_list;
  field.list.path = path.string();
  REQUIRE(field.list.load());
  CHECK(field.list.text == "http://127.0.0.1:1/a\nnot a url\n");
  CHECK(field.list.problem.rfind(path.string() + ":2: ", 0) == 0);
  REQUIRE_FALSE(field.target());
  field.list.path = (folder / "missing.txt").string();
  const auto missing = field.list.load();
  REQUIRE_FALSE(missing);
  CHECK(missing.error().message.rfind(field.list.path + ": cannot open it: ", 0) == 0);
  CHECK(field.list.text == "http://127.0.0.1:1/a\nnot a url\n");  // left as it was
  field.list.text = "http://127.0.0.1:1/a\n";
  field.list.edited();  // edited in the box: the user's now
  CHECK(field.list.source == "pasted");
  CHECK(field.target());
  std::filesystem::remove_all(folder);
}

TEST_CASE("server_field shows a share link's url_list as an empty list that explains itself, refuses to run it, and shares it again") {
  shared_results shared;
  shared.plan.num = 3;
  shared.server = url_list_target{{"http://127.0.0.1:1/a", "http://127.0.0.1:1/b?token=secret", "http://127.0.0.1:2/c"}};
  strategy_result run;
  run.strategy = "aiohttp";
  run.num = 3;
  run.concurrency = 3;
  run.spans.resize(3);
  for (auto& s : run.spans) {
    s.recorded = true;
    s.done = s.first_byte = 20ms;
    s.status = 200;
  }
  shared.runs.push_back(run);
  const std::string link = share_url("http://127.0.0.1:8082/", shared);
  CHECK(link.find("secret") == std::string::npos);
  const auto opened = decode_share_link(link);
  INFO((opened ? std::string() : opened.error().message));
  REQUIRE(opened);
  ui::server_field field;
  field.show(opened->server);
  CHECK(field.chosen == ui::server_field::kind::url_list);
  CHECK(field.list.text.empty());
  CHECK(field.list.awaiting_urls());
  CHECK(field.list.note == ui::shared_list_note);
  const auto target = field.target();
  REQUIRE_FALSE(target);
  CHECK(target.error().message.find("carries only the number of URLs") != std::string::npos);
  shared_results again = *opened;  // shared again from the page that opened it: still 3 URLs
  const auto reopened = decode_share_link(share_url("http://127.0.0.1:8082/", again));
  INFO((reopened ? std::string() : reopened.error().message));
  REQUIRE(reopened);
  CHECK(reopened->plan.num == 3);
  CHECK(reopened->server.is_url_list());
  field.list.text = "http://127.0.0.1:1/a\n";  // pasted again
  field.list.edited();
  CHECK_FALSE(field.list.awaiting_urls());
  CHECK(field.target());
}

TEST_CASE("server_field shows a list with its URLs one a line, as the automation gives it") {
  ui::server_field field;
  field.show(url_list_target{{"http://127.0.0.1:1/a", "http://127.0.0.1:2/b"}});
  CHECK(field.chosen == ui::server_field::kind::url_list);
  CHECK(field.list.text == "http://127.0.0.1:1/a\nhttp://127.0.0.1:2/b\n");
  CHECK(field.list.count == 2);
  CHECK(field.list.note.empty());
  const auto target = field.target();
  REQUIRE(target);
  CHECK(target->url_list()->urls.size() == 2);
}

TEST_CASE("the native GUI's runner crawls a URL list over two listeners of crawlbench-server: 0 errors, the exact bytes") {
  const auto root = test::fresh_folder("gui-url-list-root");
  std::ofstream(root / "a.txt", std::ios::binary) << std::string(1234, 'a');
  test::running_server served{{.extra_ports = 1, .web_root = root.string()}, "gui-url-list"};
  auto& delay = served.server;
  const std::vector<std::string> urls{delay.url(0) + "/add?name=list&delay=20&i=0", delay.url(1) + "/a.txt",
                                      delay.url(1) + "/add?name=list&delay=20&i=2", delay.url(0) + "/a.txt"};
  const server_target list{url_list_target{urls}};
  std::vector<crawl_config> runs(2);
  runs[0].strategy = strategy_kind::gevent;
  runs[1].strategy = strategy_kind::aiohttp;
  for (auto& c : runs) {
    c.server = list;
    c.num = urls.size();
    c.concurrency = 2;
    c.timeout_ms = 10'000;
  }
  gui::thread_runner runner;
  runner.start(runs);
  for (int i = 0; i < 2000 && runner.busy(); ++i) std::this_thread::sleep_for(10ms);  // bounded: 20 s
  REQUIRE_FALSE(runner.busy());
  ui::crawl_feed::batch batch;
  runner.crawl_news().take(batch);
  CHECK(batch.all_done);
  CHECK(batch.error.empty());
  CHECK(runner.server_label().rfind("4 URLs on ", 0) == 0);
  REQUIRE(batch.ended.size() == 2);
  for (const auto& end : batch.ended) {
    INFO(end.result.strategy << ": " << end.failure);
    CHECK(end.failure.empty());
    CHECK(end.result.errors == 0);
    CHECK(end.result.ok == 4);
    CHECK(end.result.result_bytes == 2 * 1 + 2 * 1234);  // two /add bodies of ".", two files
    CHECK(end.result.lower_bound_estimated);             // not every URL is an /add URL
  }
  std::filesystem::remove_all(root);
}
