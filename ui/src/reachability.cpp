#include "crawlbench/ui/reachability.hpp"

#include <optional>

#include "crawlbench/address_space.hpp"
#include "crawlbench/http_url.hpp"

namespace crawlbench::ui {

namespace {
// What decides the browser's rules for the page: its scheme, its space, and whether it is a
// secure context (https, or a loopback http page: W3C Secure Contexts §3.1, potentially trustworthy).
struct page_view {
  bool https = false;
  bool secure = false;
  address_space space = address_space::loopback;
  std::string origin;
};

page_view view_of_page(std::string_view page_url) {
  const auto page = parse_http_url(page_url);
  if (!page) return {false, true, address_space::loopback, "this page"};  // file:// counts as localhost
  const auto space = address_space_of(page->host);
  return {page->scheme == "https", page->scheme == "https" || space == address_space::loopback, space, page->origin()};
}

std::string where(address_space space) {
  return space == address_space::loopback ? "on this machine" : "on your local network";
}

// "Open the page from the server itself" works when crawlbench-server serves the web root.
std::string from_the_server(const http_url& server) {
  return "open the page from the delay server itself (" + server.origin() +
         "/: crawlbench-server serves it when it has the web root)";
}

reachability local_network_access(const page_view& page, const http_url& server, address_space space,
                                  lna_permission permission) {
  const std::string what = server.origin() + " is " + where(space) + ", and this page (" + page.origin +
                           ") is not: Chromium 142 and later let such a page reach it only with the Local "
                           "Network Access permission";
  if (!page.secure) {
    return {reach_cause::insecure_page_local, false,
            what + ", which only a secure (https) page can ask for. This plain-http page was refused "
                   "without a prompt: open it over https, or " + from_the_server(server) + "."};
  }
  const std::string settings =
      "the site settings (the icon left of the address, then Site settings: set Local network access to Allow)";
  // Loopback URLs are never mixed content; a local plain-http one is, until the permission is given.
  const std::string plain_http = server.scheme == "http" && page.https && space == address_space::local
                                     ? " Once allowed, this https page may reach the plain-http server too."
                                     : "";
  if (permission == lna_permission::denied) {
    return {reach_cause::local_network_denied, false,
            what + ", which was denied. Allow it in " + settings + ", then press Run again." + plain_http};
  }
  return {reach_cause::local_network_not_given, false,
          what + ". Allow it when the browser asks, then press Run again; if it did not ask, allow it in " +
              settings + "." + plain_http + " If it is allowed already, check that the server is running at " +
              server.origin() + "."};
}

// The browser's own reasons to refuse before the request leaves, or none.
std::optional<reachability> blocked_by_browser(const page_view& page, const http_url& server,
                                               lna_permission permission) {
  const auto space = address_space_of(server.host);
  const bool lna = needs_local_network_access(page.space, space);
  if (lna && permission != lna_permission::granted) return local_network_access(page, server, space, permission);
  // Loopback URLs are potentially trustworthy (never mixed content); granted LNA relaxes it for local ones.
  if (page.https && server.scheme == "http" && space != address_space::loopback && !lna) {
    return reachability{reach_cause::mixed_content, false,
                        "This page is served over https, so the browser blocks its plain-http requests to " +
                            server.origin() + " as mixed content. Open the page over http (any static server " +
                            "of the page's files will do), serve the delay server over https, or " +
                            from_the_server(server) + "."};
  }
  return std::nullopt;
}

reachability not_a_delay_server(const http_url& server) {
  return {reach_cause::not_a_delay_server, true,
          server.origin() + " answers, but not /origins (a 404, or no JSON list of origins): it is not "
                            "crawlbench-server. The crawl goes on with " +
              server.origin() + " as its one origin (at most 6 requests in flight in a browser); its /add "
                                "must answer as crawlbench-server's does."};
}

reachability cors_refused(const page_view& page, const http_url& server) {
  return {reach_cause::cors, false,
          server.origin() + " answers, but without Access-Control-Allow-Origin for this page (" + page.origin +
              "), so the browser hides its answers (CORS). crawlbench-server sends it on every answer; another "
              "delay server must send Access-Control-Allow-Origin: * and answer OPTIONS preflights."};
}

reachability unreachable(const http_url& server) {
  const bool loopback = address_space_of(server.host) == address_space::loopback;
  return {reach_cause::unreachable, false,
          "Nothing answers at " + server.origin() + " within " + std::to_string(probe_timeout_ms / 1000) +
              " s: is the delay server running and listening on port " +
              std::to_string(server.port) + " (crawlbench-server --port " + std::to_string(server.port) + ")?" +
              (loopback ? " " + url_host(server.host) + " is the machine this browser runs on." : "")};
}
}  // namespace

reachability explain_reachability(std::string_view page_url, std::string_view server_url, probe_outcome outcome,
                                  lna_permission permission) {
  if (const auto checked = check_server_url(server_url); !checked) {
    return {reach_cause::bad_url, false, "The server URL cannot be used: " + checked.error().message};
  }
  const auto server = parse_http_url(server_url);  // parses: check_server_url did
  const page_view page = view_of_page(page_url);
  switch (outcome) {
    case probe_outcome::answered: return {reach_cause::none, true, ""};
    case probe_outcome::not_a_delay_server: return not_a_delay_server(*server);
    case probe_outcome::refused_by_cors: return cors_refused(page, *server);
    case probe_outcome::network_error: break;
  }
  if (auto blocked = blocked_by_browser(page, *server, permission)) return std::move(*blocked);
  return unreachable(*server);
}

probe_outcome probe_outcome_from(std::string_view name) noexcept {
  if (name == "answered") return probe_outcome::answered;
  if (name == "not-a-delay-server") return probe_outcome::not_a_delay_server;
  if (name == "refused-by-cors") return probe_outcome::refused_by_cors;
  return probe_outcome::network_error;
}

lna_permission lna_permission_from(std::string_view state) noexcept {
  if (state == "granted") return lna_permission::granted;
  if (state == "prompt") return lna_permission::prompt;
  if (state == "denied") return lna_permission::denied;
  return lna_permission::unknown;
}

}  // namespace crawlbench::ui
