#include <catch2/catch.hpp>

#include <initializer_list>
#include <string>

#include "crawlbench/ui/reachability.hpp"

using namespace crawlbench::ui;

namespace {
constexpr const char* public_https_page = "https://pages.example.org/crawlbench/index.html";
constexpr const char* public_http_page = "http://pages.example.org/crawlbench/";

reachability probed(const char* page, const char* server, probe_outcome outcome) {
  return explain_reachability(page, server, outcome, lna_permission::unknown);
}
reachability failed(const char* page, const char* server, lna_permission permission = lna_permission::unknown) {
  return explain_reachability(page, server, probe_outcome::network_error, permission);
}
bool says(const reachability& r, const std::string& text) { return r.message.find(text) != std::string::npos; }
// The cause, whether the crawl goes on, and the phrases the user needs.
void check(const reachability& r, reach_cause cause, bool can_crawl, std::initializer_list<const char*> phrases) {
  INFO(r.message);
  CHECK(r.cause == cause);
  CHECK(r.can_crawl == can_crawl);
  for (const char* phrase : phrases) CHECK(says(r, phrase));
}
}  // namespace

TEST_CASE("reachability lets an answering server crawl without a message") {
  const auto r = probed(public_https_page, "http://127.0.0.1:8082", probe_outcome::answered);
  CHECK(r.cause == reach_cause::none);
  CHECK(r.can_crawl);
  CHECK(r.message.empty());
}

TEST_CASE("reachability calls a plain-http public server from an https page mixed content, with the ways out") {
  for (const char* server : {"http://delay.example.net:8082", "http://8.8.8.8:8082", "http://[2001:db8::1]:8082"}) {
    INFO(server);
    const auto r = failed(public_https_page, server);
    CHECK(r.cause == reach_cause::mixed_content);
    CHECK_FALSE(r.can_crawl);
    CHECK(says(r, "mixed content"));
    CHECK(says(r, "Open the page over http"));
    CHECK(says(r, "serve the delay server over https"));
    CHECK(says(r, "open the page from the delay server itself"));
  }
  // From a plain-http page nothing is mixed: an unanswered public server is unreachable.
  CHECK(failed(public_http_page, "http://delay.example.net:8082").cause == reach_cause::unreachable);
  // An https server is never mixed content.
  CHECK(failed(public_https_page, "https://delay.example.net").cause == reach_cause::unreachable);
}

TEST_CASE("reachability asks for Local Network Access from a public https page to a loopback or local server") {
  for (const char* server : {"http://127.0.0.1:8082", "http://localhost:8082", "http://[::1]:8082",
                             "http://192.168.1.20:8082", "http://10.0.0.5:8082", "http://172.20.0.2:8082",
                             "http://[fd00::5]:8082", "http://[fe80::1]:8082", "http://box.local:8082"}) {
    INFO(server);
    const auto not_asked = failed(public_https_page, server, lna_permission::prompt);
    CHECK(not_asked.cause == reach_cause::local_network_not_given);
    CHECK(says(not_asked, "Local Network Access"));
    CHECK(says(not_asked, "Site settings"));
    CHECK(failed(public_https_page, server, lna_permission::unknown).cause == reach_cause::local_network_not_given);
    const auto denied = failed(public_https_page, server, lna_permission::denied);
    CHECK(denied.cause == reach_cause::local_network_denied);
    CHECK(says(denied, "was denied"));
    CHECK(says(denied, "Site settings"));
  }
  // Granted, the permission also lifts mixed content for a local plain-http server (loopback never had it).
  CHECK(says(failed(public_https_page, "http://192.168.1.20:8082"), "may reach the plain-http server too"));
  CHECK_FALSE(says(failed(public_https_page, "http://127.0.0.1:8082"), "plain-http"));
  CHECK_FALSE(says(failed(public_https_page, "https://192.168.1.20"), "plain-http"));
  CHECK(says(failed(public_https_page, "http://127.0.0.1:8082"), "on this machine"));
  CHECK(says(failed(public_https_page, "http://192.168.1.20:8082"), "on your local network"));
}

TEST_CASE("reachability says a plain-http public page cannot ask for Local Network Access") {
  for (const char* server : {"http://127.0.0.1:8082", "http://[::1]:8082", "http://192.168.0.9"}) {
    INFO(server);
    const auto r = failed(public_http_page, server, lna_permission::prompt);
    CHECK(r.cause == reach_cause::insecure_page_local);
    CHECK(says(r, "only a secure (https) page can ask"));
    CHECK(says(r, "open it over https"));
  }
}

TEST_CASE("reachability with Local Network Access granted, or not needed, blames the server's absence") {
  const auto granted = failed(public_https_page, "http://127.0.0.1:8082", lna_permission::granted);
  CHECK(granted.cause == reach_cause::unreachable);  // granted also relaxes mixed content for it
  CHECK(says(granted, "port 8082"));
  CHECK(says(granted, "the machine this browser runs on"));
  // A page on the same machine or network needs no permission (file:// counts as localhost).
  CHECK(failed("http://127.0.0.1:8082/", "http://127.0.0.1:8083").cause == reach_cause::unreachable);
  CHECK(failed("http://localhost:8000/", "http://[::1]:8082").cause == reach_cause::unreachable);
  CHECK(failed("file:///home/me/web-root/index.html", "http://127.0.0.1:8082").cause == reach_cause::unreachable);
  CHECK(failed("http://192.168.1.2/", "http://192.168.1.5:8082").cause == reach_cause::unreachable);
  // A local page reaching this machine's loopback is a Local Network Access request too.
  CHECK(failed("https://nas.local/", "http://127.0.0.1:8082").cause == reach_cause::local_network_not_given);
  // An https page on the local network to another local plain-http server: mixed content, no permission to ask.
  CHECK(failed("https://192.168.1.2/", "http://192.168.1.5:8082").cause == reach_cause::mixed_content);
}

TEST_CASE("reachability names CORS when only a no-cors fetch got an answer") {
  check(probed(public_https_page, "https://delay.example.net", probe_outcome::refused_by_cors), reach_cause::cors, false,
        {"Access-Control-Allow-Origin", "https://pages.example.org", "crawlbench-server sends it"});
}

TEST_CASE("reachability crawls on with one origin when /origins is missing") {
  check(probed(public_http_page, "http://delay.example.net:9000", probe_outcome::not_a_delay_server),
        reach_cause::not_a_delay_server, true, {"not crawlbench-server", "http://delay.example.net:9000 as its one origin"});
}

TEST_CASE("reachability refuses a server URL that does not parse with the parser's reason") {
  check(failed(public_https_page, "http://::1:8082"), reach_cause::bad_url, false, {"needs brackets: http://[::1]:8082"});
  CHECK(probed(public_https_page, "http://h/?q", probe_outcome::answered).cause == reach_cause::bad_url);
}

TEST_CASE("reachability reads the probe's and the permission's words, anything else as a failure") {
  CHECK(probe_outcome_from("answered") == probe_outcome::answered);
  CHECK(probe_outcome_from("not-a-delay-server") == probe_outcome::not_a_delay_server);
  CHECK(probe_outcome_from("refused-by-cors") == probe_outcome::refused_by_cors);
  CHECK(probe_outcome_from("network-error") == probe_outcome::network_error);
  CHECK(probe_outcome_from("") == probe_outcome::network_error);
  CHECK(lna_permission_from("granted") == lna_permission::granted);
  CHECK(lna_permission_from("prompt") == lna_permission::prompt);
  CHECK(lna_permission_from("denied") == lna_permission::denied);
  CHECK(lna_permission_from("") == lna_permission::unknown);
}
