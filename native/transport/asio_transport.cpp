#include "asio_transport.hpp"

#include <boost/asio/post.hpp>

#include <algorithm>
#include <chrono>
#include <utility>

#include "crawlbench/http_url.hpp"

namespace crawlbench::native {

namespace {
// The request-target of an absolute URL's path and query (RFC 9112 §3.2.1): "/" when the path is
// empty; a fragment is never sent (RFC 9110 §4.2.4).
std::string_view target_of(std::string_view rest, std::string& storage) {
  rest = rest.substr(0, rest.find('#'));
  if (!rest.empty() && rest.front() == '/') return rest;
  storage = "/";
  storage += rest;
  return storage;
}

std::string origin_key(const http_url& url) { return url_host(url.host) + ":" + std::to_string(url.port); }

// The Host field (RFC 9110 §7.2): the port only when it is not the scheme's default.
std::string host_field(const http_url& url) {
  return url.port == 80 ? url_host(url.host) : url_host(url.host) + ":" + std::to_string(url.port);
}
}  // namespace

asio_transport::asio_transport(const clock& time, stop_token stop) : clock_(time) {
  if (stop.stop_possible()) {
    on_stop_.emplace(stop, [this] {
      cancelled_.store(true, std::memory_order_relaxed);
      boost::asio::post(io_, [this] { abort_all(transfer_error::cancelled, "cancelled"); });
    });
  }
}

asio_transport::~asio_transport() {
  on_stop_.reset();  // first: a stop requested from now on must not post to a dying io_context
  for (auto& c : connections_) c->close();
}

void asio_transport::wake() {
  boost::asio::post(io_, [] {});
}

void asio_transport::start(transfer& t) {
  const auto now = clock_.now();
  if (abandoned_) return fail_at_once(t, transfer_error::other, *abandoned_);
  if (cancelled_.load(std::memory_order_relaxed)) return fail_at_once(t, transfer_error::cancelled, "cancelled");
  std::string storage;
  std::string_view target;
  origin_state* o = same_origin_as_last(t.req().url, target, storage);
  if (!o) {
    auto url = parse_http_url(t.req().url);
    if (!url) return fail_at_once(t, transfer_error::other, url.error().message);
    if (url->scheme != "http") {
      return fail_at_once(t, transfer_error::other, "the asio transport speaks http only: use --transport curl for " + url->scheme);
    }
    // Views into the request's own URL, which outlives the transfer (url dies with this block).
    const std::string_view text = t.req().url;
    target = target_of(text.substr(text.size() - url->rest.size()), storage);
    o = &origin_of(*url, text.substr(0, text.size() - url->rest.size()));
  }
  if (!o->endpoints.empty()) return dispatch(t, *o, target, now);
  o->waiting.push_back({&t, std::string(target), now});
  ++resolving_count_;
  if (o->waiting.size() == 1) resolve(*o);
}

// The last request's origin when `url` begins with the very text that named it ("http://h:p")
// and a path, query or nothing follows, with `target` set: a crawl's URLs are parsed once, not
// each time. Nothing otherwise, and for a byte no URL may hold (parse_http_url then says why).
asio_transport::origin_state* asio_transport::same_origin_as_last(std::string_view url, std::string_view& target,
                                                                  std::string& storage) const {
  if (!last_origin_ || !url.starts_with(last_origin_->prefix)) return nullptr;
  const std::string_view rest = url.substr(last_origin_->prefix.size());
  if (!rest.empty() && rest.front() != '/' && rest.front() != '?' && rest.front() != '#') return nullptr;
  if (std::any_of(rest.begin(), rest.end(), [](unsigned char c) { return c <= ' ' || c >= 0x7f; })) return nullptr;
  target = target_of(rest, storage);
  return last_origin_;
}

// The state of the URL's host and port, made at its first request.
asio_transport::origin_state& asio_transport::origin_of(const http_url& url, std::string_view prefix) {
  auto [at, added] = origins_.try_emplace(origin_key(url));
  origin_state& o = at->second;
  if (added) {
    o.name = url.host;
    o.port = url.port;
    o.key = at->first;
    o.host = host_field(url);
  }
  o.prefix = prefix;
  last_origin_ = &o;
  return o;
}

// Hands `t` to a connection of its origin; its deadline goes on the heap.
void asio_transport::dispatch(transfer& t, origin_state& o, std::string_view target, clock::time_point started) {
  const auto& req = t.req();
  auto& c = connection_for(o, req);
  c.position = busy_.size();
  busy_.push_back(&c);
  const std::uint64_t id = ++next_exchange_;
  if (req.options.timeout > clock::duration::zero()) {
    deadlines_.push({started + req.options.timeout, req.options.timeout, id, &c});
  }
  c.begin(t, target, o.endpoints, id, started);
}

// An idle kept-alive connection when the request may reuse one, else a closed one (its buffers
// kept) or a new one, to be opened.
asio_connection& asio_transport::connection_for(origin_state& o, const request& req) {
  const bool may_reuse = req.options.reuse == connection_reuse::pooled && !req.options.new_connection;
  if (may_reuse && !o.idle.empty()) {
    asio_connection* c = o.idle.back();
    o.idle.pop_back();
    return *c;
  }
  if (!closed_.empty()) {
    asio_connection* c = closed_.back();
    closed_.pop_back();
    c->retarget(o.key, o.host);
    return *c;
  }
  return *connections_.emplace_back(std::make_unique<asio_connection>(*this, io_, clock_, o.key, o.host));
}

// A numeric address needs no resolver; a name is resolved once (Asio's resolver thread), and the
// transfers that arrive meanwhile wait for it.
void asio_transport::resolve(origin_state& o) {
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(o.name, ec);
  if (!ec) {
    o.endpoints = {boost::asio::ip::tcp::endpoint(address, o.port)};
    return on_resolved(o, {});
  }
  resolver_.async_resolve(o.name, std::to_string(o.port), [this, &o](const boost::system::error_code& failed, const auto& results) {
    if (!failed) o.endpoints.assign(results.begin(), results.end());
    on_resolved(o, failed);
  });
}

// The waiting transfers go to connections, or fail with the resolver's reason.
void asio_transport::on_resolved(origin_state& o, const boost::system::error_code& ec) {
  auto waiting = std::exchange(o.waiting, {});
  resolving_count_ -= waiting.size();
  for (auto& w : waiting) {
    if (ec || o.endpoints.empty()) {
      fail_at_once(*w.t, transfer_error::other, "cannot resolve " + o.key + ": " + (ec ? ec.message() : "no address"));
    } else {
      dispatch(*w.t, o, w.target, w.started);
    }
  }
}

void asio_transport::finished(asio_connection& c) {
  forget(c);
  transfer* t = c.current();
  response result = c.take_result();
  if (c.reusable()) {
    origin_state& o = last_origin_ && last_origin_->key == c.origin() ? *last_origin_ : origins_.at(c.origin());
    o.idle.push_back(&c);
  } else {
    closed_.push_back(&c);
  }
  t->complete(std::move(result));
}

void asio_transport::forget(asio_connection& c) noexcept {
  asio_connection* last = busy_.back();
  busy_[c.position] = last;
  last->position = c.position;
  busy_.pop_back();
}

void asio_transport::fail_at_once(transfer& t, transfer_error error, std::string message) {
  response r;
  r.started = r.first_byte = r.done = clock_.now();
  r.error = error;
  r.error_message = std::move(message);
  t.complete(std::move(r));
}

void asio_transport::poll(std::optional<clock::time_point> wake_by) {
  auto until = next_deadline();
  if (wake_by && (!until || *wake_by < *until)) until = wake_by;
  const auto now = clock_.now();
  if (!until) {
    io_.run_one();
  } else if (*until > now) {
    io_.run_one_for(*until - now);
  } else {
    io_.poll_one();
  }
  expire(clock_.now());
}

// The earliest deadline of an exchange still in progress; those of finished exchanges are dropped.
std::optional<clock::time_point> asio_transport::next_deadline() {
  while (!deadlines_.empty()) {
    const deadline& d = deadlines_.top();
    if (d.connection->current() != nullptr && d.connection->exchange() == d.exchange) return d.at;
    deadlines_.pop();
  }
  return std::nullopt;
}

void asio_transport::expire(clock::time_point now) {
  while (auto at = next_deadline()) {
    if (*at > now) return;
    const deadline d = deadlines_.top();
    deadlines_.pop();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(d.timeout).count();
    d.connection->abort(d.exchange, transfer_error::timeout, "timed out after " + std::to_string(ms) + " ms");
  }
}

void asio_transport::abort_all(transfer_error error, const std::string& message) {
  for (auto& [key, o] : origins_) {
    auto waiting = std::exchange(o.waiting, {});
    resolving_count_ -= waiting.size();
    for (auto& w : waiting) fail_at_once(*w.t, error, message);
  }
  for (asio_connection* c : busy_) c->abort(c->exchange(), error, message);
}

void asio_transport::abandon(const std::string& reason) {
  abandoned_ = reason;
  abort_all(transfer_error::other, reason);
}

}  // namespace crawlbench::native
