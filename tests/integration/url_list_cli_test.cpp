// `crawlbench run --urls` and `--url-template` over real sockets on 127.0.0.1 (issue 19): a list
// over a delay server and a plain static file server (Debian's python3 -m http.server), a 404,
// bad lines and missing files refused before anything is sent, and request headers that reach the
// server but never the output.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>

#include "cli_support.hpp"
#include "scripted_server.hpp"

using namespace crawlbench;
using test::run_cli;

namespace {
// A file of `text` in a fresh folder of its own.
struct text_file {
  std::filesystem::path folder, path;
  text_file(const std::string& name, const std::string& text)
      : folder(test::fresh_folder("urls-" + name)), path(folder / (name + ".txt")) {
    std::ofstream(path, std::ios::binary) << text;
  }
  ~text_file() { std::filesystem::remove_all(folder); }
};

// Debian's python3 -m http.server on an ephemeral port of 127.0.0.1, serving `folder`.
struct static_file_server {
  test::child_process python;
  std::string url;
  explicit static_file_server(const std::filesystem::path& folder)
      : python("/usr/bin/python3", {"-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", folder.string()}) {
    const std::string line = python.line();  // "Serving HTTP on 127.0.0.1 port 41234 (http://127.0.0.1:41234/) ..."
    const auto at = line.find(" port ");
    REQUIRE(at != std::string::npos);
    url = "http://127.0.0.1:" + std::to_string(std::stoi(line.substr(at + 6)));
  }
};

// The runs of a result file crawlbench wrote with --out.
nlohmann::json runs_of(const std::filesystem::path& out) { return nlohmann::json::parse(test::file_text(out))["runs"]; }

// Answers 200 with "hello" and keeps each request's head (read them with seen(): the server's
// thread writes them).
struct recording_server {
  std::mutex mutex;
  std::vector<std::string> heads;
  [[nodiscard]] std::vector<std::string> seen() {
    const std::lock_guard lock{mutex};
    return heads;
  }
  test::scripted_server server{test::scripted_server::exchange_script{[this](int fd, const test::scripted_server::exchange& e) {
    {
      const std::lock_guard lock{mutex};
      heads.push_back(e.head);
    }
    return test::scripted_server::write_all(fd, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
  }}};
};
}  // namespace

TEST_CASE("crawlbench run --urls crawls a delay server and a static file server, summing the bodies exactly") {
  const std::string transport = GENERATE(as<std::string>{}, "curl", "asio");  // every native client
  INFO(transport);
  test::running_server delay;
  const auto files = test::fresh_folder("urls-static");
  std::ofstream(files / "a.txt", std::ios::binary) << std::string(1234, 'a');
  std::ofstream(files / "b.html", std::ios::binary) << "<p>b</p>";
  static_file_server statics{files};
  const std::string add = "http://127.0.0.1:" + std::to_string(delay.port()) + "/add?name=list&delay=20&";
  const text_file list("mixed", "# two servers\n" + add + "abc\r\n" + statics.url + "/a.txt\n\n" + add + "def\n" +
                                    statics.url + "/b.html?x=1\n" + statics.url + "/a.txt\n");
  const auto out = list.folder / "result.json";
  std::string output;
  CHECK(run_cli("run --transport " + transport + " --urls " + list.path.string() + " --strategy serial,aiohttp,gevent --concurrency 3 --out " + out.string(), output) == 0);
  INFO(output);
  CHECK(output.find("5 URLs on http://127.0.0.1:") != std::string::npos);
  const auto runs = runs_of(out);
  REQUIRE(runs.size() == 3);
  for (const auto& run : runs) {
    CHECK(run["num"] == 5);
    CHECK(run["ok"] == 5);
    CHECK(run["result_bytes"] == 1 + 1234 + 1 + 8 + 1234);  // "." twice, the files' sizes
    CHECK(run["lower_bound_estimated"] == true);              // not every URL is an /add URL
  }
  std::filesystem::remove_all(files);
}

TEST_CASE("crawlbench run --urls of one delay server's /add URLs keeps the exact lower bound") {
  test::running_server delay;
  const std::string add = "http://127.0.0.1:" + std::to_string(delay.port()) + "/add?name=list&delay=30&";
  const text_file list("adds", add + "a\n" + add + "b\n" + add + "c\n" + add + "d\n");
  const auto out = list.folder / "result.json";
  std::string output;
  CHECK(run_cli("run --urls " + list.path.string() + " --strategy aiohttp --concurrency 2 --out " + out.string(), output) == 0);
  const auto run = runs_of(out).at(0);
  CHECK(run["lower_bound_estimated"] == false);
  CHECK(run["delay_ms"] == 30);
  CHECK(run["lower_bound_s"].get<double>() == Approx(0.06));
  CHECK(run["result_bytes"] == 4);
}

TEST_CASE("crawlbench run --urls with a 404 in the list exits 1 and counts an http_error - --expect-status can accept it") {
  test::running_server delay;
  const std::string base = "http://127.0.0.1:" + std::to_string(delay.port());
  const text_file list("missing", base + "/add?name=list&delay=0&a\n" + base + "/no-such-page\n");
  const auto out = list.folder / "result.json";
  std::string output;
  CHECK(run_cli("run --urls " + list.path.string() + " --strategy aiohttp --out " + out.string(), output) == 1);
  CHECK(output.find("FAILED aiohttp (C=100): 1 of 2 requests failed: http_error [1 x status 404]") != std::string::npos);
  CHECK(runs_of(out).at(0)["error_kinds"]["http_error"] == 1);
  CHECK(run_cli("run --urls " + list.path.string() + " --strategy aiohttp --expect-status 200,404", output) == 0);
}

TEST_CASE("crawlbench run --urls refuses a bad line, a missing or empty file with exit 2, before anything is sent") {
  recording_server server;
  const text_file bad("bad", "# first\n" + server.server.url() + "/ok\n\nhttp://127.0.0.1:1/has space\n");
  std::string output;
  CHECK(run_cli("run --urls " + bad.path.string(), output) == 2);
  CHECK(output.rfind("--urls: " + bad.path.string() + ":4: ", 0) == 0);
  CHECK(server.server.requests() == 0);

  const text_file wrong_scheme("scheme", "ftp://127.0.0.1/x\n");
  CHECK(run_cli("run --urls " + wrong_scheme.path.string(), output) == 2);
  CHECK(output.rfind("--urls: " + wrong_scheme.path.string() + ":1: ", 0) == 0);

  const text_file empty("empty", "# nothing\r\n\r\n");
  CHECK(run_cli("run --urls " + empty.path.string(), output) == 2);
  CHECK(output.rfind("--urls: " + empty.path.string() + ": no URLs in it", 0) == 0);

  CHECK(run_cli("run --urls " + (empty.folder / "absent.txt").string(), output) == 2);
  CHECK(output.find("absent.txt: cannot open it: No such file or directory") != std::string::npos);
  CHECK(run_cli("run --urls " + empty.folder.string(), output) == 2);  // a folder cannot be read

  CHECK(run_cli("run --url-template 'http://127.0.0.1:1/?q={n}' --num 2", output) == 2);
  CHECK(output.rfind("--url-template: unknown placeholder {n}", 0) == 0);
  CHECK(run_cli("run --urls " + bad.path.string() + " --server http://127.0.0.1:1", output) == 2);
  CHECK(run_cli("run --urls - --transport sim < " + empty.path.string(), output) == 2);
  CHECK(run_cli("run --expect-status 200", output) == 2);
  CHECK(server.server.requests() == 0);
}

TEST_CASE("crawlbench run --urls - reads standard input - --num must then match the list") {
  recording_server server;
  const text_file list("stdin", server.server.url() + "/a\n" + server.server.url() + "/b\n");
  std::string output;
  CHECK(run_cli("run --urls - --strategy tornado < " + list.path.string(), output) == 0);
  CHECK(server.server.requests() == 2);
  CHECK(run_cli("run --urls - --num 3 --strategy tornado < " + list.path.string(), output) == 2);
  CHECK(output.rfind("--num: the list has 2 URLs", 0) == 0);
}

TEST_CASE("crawlbench run --url-template makes --num URLs, {i} and {random} filled in") {
  recording_server server;
  std::string output;
  CHECK(run_cli("run --url-template '" + server.server.url() + "/item/{i}?r={random}' --num 4 --strategy serial", output) == 0);
  const auto heads = server.seen();
  REQUIRE(heads.size() == 4);
  for (std::size_t i = 0; i < 4; ++i) {
    const std::string start = "GET /item/" + std::to_string(i) + "?r=";
    CHECK(heads[i].rfind(start, 0) == 0);
    CHECK(heads[i].substr(start.size(), 11).find(' ') == 10);  // ten letters, then " HTTP/1.1"
  }
}

TEST_CASE("crawlbench run --header reaches the server - its value never appears in the table, JSON, CSV, --out or --share") {
  const std::string transport = GENERATE(as<std::string>{}, "curl", "asio");  // every native client
  INFO(transport);
  recording_server server;
  const std::string secret = "v4lue-0f-a-s3cret";
  const text_file list("headers", server.server.url() + "/a\n" + server.server.url() + "/b\n");
  const auto out = list.folder / "result.json";
  const std::string headers = " --header 'Authorization: Bearer " + secret + "' --header 'X-Empty:'";
  std::string output;
  for (const char* format : {"", " --json", " --csv"}) {
    INFO(format);
    CHECK(run_cli("run --transport " + transport + " --urls " + list.path.string() + headers + format +
                  " --share --strategy aiohttp --out " + out.string(), output) == 0);
    CHECK(output.find("share link: ") != std::string::npos);
    CHECK(output.find(secret) == std::string::npos);
    CHECK(test::file_text(out).find(secret) == std::string::npos);
  }
  const auto heads = server.seen();
  REQUIRE_FALSE(heads.empty());
  for (const auto& head : heads) {
    CHECK(head.find("\r\nAuthorization: Bearer " + secret + "\r\n") != std::string::npos);
    CHECK(head.find("\r\nX-Empty:") != std::string::npos);
  }
  // A bad header is refused naming it, never quoting its value.
  CHECK(run_cli("run --urls " + list.path.string() + " --header \"$(printf 'X-Token: " + secret + "\\r\\nHost: x')\"", output) == 2);
  CHECK(output.find("X-Token") != std::string::npos);
  CHECK(output.find(secret) == std::string::npos);
}
