// The crawler over HTTPS against crawlbench-server's TLS listener on 127.0.0.1: trusted, an
// unknown CA, a certificate for another name, --insecure, and the embedded server of --tls.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "cli_support.hpp"
#include "crawlbench/result.hpp"
#include "crawlbench/server/self_signed.hpp"
#include "curl_transport.hpp"
#include "server_fixture.hpp"

using namespace crawlbench;
using test::run_cli;

namespace {
// A delay server over HTTPS with `files`, or a fresh self-signed pair in its folder.
struct https_server {
  std::filesystem::path folder = test::fresh_folder("https-certs");
  server::tls_files files;
  std::optional<test::running_server> running;

  explicit https_server(std::optional<server::tls_files> given = std::nullopt) {
    if (given) {
      files = *given;
    } else {
      auto made = server::make_self_signed((folder / "tls").string());
      if (!made) FAIL(made.error().message);
      files = *made;
    }
    server::server_options o;
    o.tls = files;
    running.emplace(o, "https-server");
  }
  ~https_server() {
    running.reset();
    std::filesystem::remove_all(folder);
  }
  [[nodiscard]] std::string url() const { return running->server.url(); }
};

std::string run_args(const std::string& url, const std::string& more) {
  return "run --server " + url + " --strategy gevent,aiohttp --num 40 --delay 5 --concurrency 10 " + more;
}
}  // namespace

TEST_CASE("https crawl with --cacert: gevent and aiohttp succeed, exit 0") {
  https_server s;
  REQUIRE(s.url().rfind("https://127.0.0.1:", 0) == 0);
  std::string out;
  CHECK(run_cli(run_args(s.url(), "--cacert " + s.files.cert_file + " --json"), out) == 0);
  INFO(out);
  const auto runs = read_results_json(out);
  REQUIRE(runs);
  REQUIRE(runs->size() == 2);
  for (const auto& r : *runs) {
    CHECK(r.ok == 40);
    CHECK(r.errors == 0);
    CHECK_FALSE(r.insecure);
  }
  CHECK(out.find("\"tls\"") == std::string::npos);
}

TEST_CASE("https crawl opens a connection per request for gevent and about C for aiohttp, with no error") {
  https_server s;
  for (const auto& [strategy, most] : {std::pair{strategy_kind::gevent, std::size_t{40}}, std::pair{strategy_kind::aiohttp, std::size_t{10}}}) {
    crawl_config config;
    config.strategy = strategy;
    config.server = url_target{s.url()};
    config.num = 40;
    config.delay_ms = 5;
    config.concurrency = 10;
    real_clock time;
    scheduler sched{time};
    native::curl_transport transport{time, {}, native::tls_trust{s.files.cert_file, false}};
    const auto r = summarize(native::run_on(sched, transport, run_crawl(sched, transport, config)));
    INFO(to_string(strategy));
    CHECK(r.ok == 40);
    CHECK(transport.first_tls_error().empty());
    if (strategy == strategy_kind::gevent) CHECK(transport.connections_opened() == most);
    else CHECK(transport.connections_opened() <= most);
  }
}

TEST_CASE("https crawl of an unknown CA fails every request as tls_error, exit 1, naming libcurl's reason") {
  https_server s;
  std::string out;
  CHECK(run_cli(run_args(s.url(), ""), out) == 1);
  INFO(out);
  CHECK(out.find("FAILED gevent (C=10): 40 of 40 requests failed: tls_error") != std::string::npos);
  CHECK(out.find("FAILED aiohttp (C=10): 40 of 40 requests failed: tls_error") != std::string::npos);
  CHECK(out.find("crawlbench: gevent: TLS: SSL certificate problem: self-signed certificate") != std::string::npos);
}

TEST_CASE("https crawl of a certificate made for another name fails as tls_error") {
  const auto folder = test::fresh_folder("https-wrong-name");
  const server::tls_files elsewhere{(folder / "cert.pem").string(), (folder / "key.pem").string()};
  std::string made;
  REQUIRE(test::run_in_shell("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -keyout '" +
                                 elsewhere.key_file + "' -out '" + elsewhere.cert_file +
                                 "' -subj /CN=example.invalid -addext subjectAltName=DNS:example.invalid",
                             made) == 0);
  {
    https_server s{elsewhere};
    std::string out;
    CHECK(run_cli(run_args(s.url(), "--cacert " + elsewhere.cert_file), out) == 1);
    INFO(out);
    CHECK(out.find("40 of 40 requests failed: tls_error") != std::string::npos);
    CHECK(out.find("TLS: SSL: no alternative certificate subject name matches target host name '127.0.0.1'") != std::string::npos);
  }
  std::filesystem::remove_all(folder);
}

TEST_CASE("https crawl with --insecure reaches an unknown CA and says the certificate was not checked") {
  https_server s;
  std::string table, json;
  CHECK(run_cli(run_args(s.url(), "--insecure"), table) == 0);
  INFO(table);
  CHECK(table.find(", insecure: certificate not checked\n") != std::string::npos);
  CHECK(run_cli(run_args(s.url(), "--insecure --json"), json) == 0);
  const auto doc = nlohmann::json::parse(json);
  for (const auto& run : doc["runs"]) {
    CHECK(run["errors"] == 0);
    CHECK(run["tls"] == "insecure: certificate not checked");
  }
}

TEST_CASE("https crawl --tls crawls the embedded server over HTTPS with its own certificate alone") {
  std::string out;
  CHECK(run_cli("run --tls --strategy gevent,aiohttp --num 40 --delay 5 --concurrency 10", out) == 0);
  INFO(out);
  CHECK(out.find("server https://127.0.0.1:") != std::string::npos);
  CHECK(out.find("(embedded)") != std::string::npos);
  CHECK(out.find("FAILED") == std::string::npos);
}

TEST_CASE("https crawl refuses an unusable --cacert and TLS options that do not fit, exit 2, before sending") {
  https_server s;
  const auto folder = test::fresh_folder("https-cacert");
  const auto not_pem = (folder / "not.pem").string();
  std::ofstream(not_pem) << "hello\n";
  const struct {
    std::string args, says;
  } cases[] = {
      {run_args(s.url(), "--cacert /nonexistent/ca.pem"), "cannot read the CA file /nonexistent/ca.pem: No such file or directory"},
      {run_args(s.url(), "--cacert " + folder.string()), "cannot read the CA file " + folder.string() + ": Is a directory"},
      {run_args(s.url(), "--cacert " + not_pem), "holds no PEM certificate"},
      {run_args(s.url(), "--tls"), "--server excludes --tls"},
      {run_args(s.url(), "--insecure --cacert " + s.files.cert_file), "excludes"},
      {"run --tls --transport sim --num 10", "--tls, --cacert and --insecure are for real HTTPS"},
      {"run --server ftp://127.0.0.1:1/", "does not start with http:// or https://"},
  };
  for (const auto& c : cases) {
    std::string out;
    INFO(c.args);
    CHECK(run_cli(c.args, out) == 2);
    INFO(out);
    CHECK(out.find(c.says) != std::string::npos);
  }
  CHECK(s.running->server.metrics().stored() == 0);  // nothing was sent
  std::filesystem::remove_all(folder);
}

TEST_CASE("https crawl of a plain HTTP server fails each request as tls_error, never hangs") {
  test::running_server plain;
  const std::string url = "https://127.0.0.1:" + std::to_string(plain.port());
  std::string out;
  CHECK(run_cli("run --server " + url + " --strategy aiohttp --num 20 --delay 0 --concurrency 5 --insecure", out) == 1);
  INFO(out);
  CHECK(out.find("20 of 20 requests failed: tls_error") != std::string::npos);
}

TEST_CASE("https crawl: mixed POSTs over HTTPS trusting --cacert, and refuses an unreadable one with exit 2") {
  https_server s;
  std::string out;
  const std::string mixed = "mixed --server " + s.url() + " --mode async --items 20 --cost 4 --delay 5 ";
  CHECK(run_cli(mixed + "--cacert " + s.files.cert_file, out) == 0);
  INFO(out);
  CHECK(run_cli(mixed + "--cacert /nonexistent/ca.pem", out) == 2);
  CHECK(out.find("/nonexistent/ca.pem") != std::string::npos);
  // without it, the system's CAs do not know the self-signed certificate: every POST fails
  CHECK(run_cli(mixed, out) == 1);
}
