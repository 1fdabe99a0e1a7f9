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

// Host names compare without case (RFC 9110 §4.2.3): Example.com and example.com share a pool.
std::string origin_key(const http_url& url) {
  std::string key = url_host(url.host) + ":" + std::to_string(url.port);
  std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return key;
}

std::string timed_out_after(clock::duration timeout) {
  return "timed out after " + std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(timeout).count()) + " ms";
}

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
    // Views into the request's own URL, which lives as long as the transfer (url dies with this block).
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
  if (!last_origin_ || !url.starts_with(last_origin_->url_prefix)) return nullptr;
  const std::string_view rest = url.substr(last_origin_->url_prefix.size());
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
    o.resolve_name = url.host;
    o.port = url.port;
    o.pool_key = at->first;
    o.host_field = host_field(url);
  }
  o.url_prefix = prefix;
  last_origin_ = &o;
  return o;
}

// Hands `t` to a connection of its origin; its deadline goes on the heap.
void asio_transport::dispatch(transfer& t, origin_state& o, std::string_view target, clock::time_point started) {
  const auto& req = t.req();
  auto& c = connection_for(o, req);
  c.position = busy_.size();
  busy_.push_back(&c);
  peak_busy_ = std::max(peak_busy_, busy_.size());
  c.begin(t, target, o.endpoints, ++next_exchange_, started);
  queue_deadline(c);
}

// A new entry only when the connection has none at or before this deadline: an earlier one moves
// to this exchange when it comes to the top.
void asio_transport::queue_deadline(asio_connection& c) {
  if (c.timeout() <= clock::duration::zero()) return;
  if (c.deadlines_queued != 0 && c.earliest_queued <= c.deadline()) return;
  push_deadline(c);
}

void asio_transport::push_deadline(asio_connection& c) {
  deadlines_.push({c.deadline(), &c});
  ++c.deadlines_queued;
  c.earliest_queued = std::min(c.earliest_queued, c.deadline());
}

// Takes the top entry off the heap; its connection's earliest entry is then unknown (a later
// queue_deadline pushes one more: harmless).
asio_connection& asio_transport::pop_deadline() {
  asio_connection& c = *deadlines_.top().connection;
  if (c.earliest_queued == deadlines_.top().at) c.earliest_queued = clock::time_point::max();
  deadlines_.pop();
  --c.deadlines_queued;
  return c;
}

// An idle kept-alive connection when the request may reuse one, else a closed one (its buffers
// kept) or a new one, to be opened.
asio_connection& asio_transport::connection_for(origin_state& o, const request& req) {
  const bool may_reuse = req.options.reuse == connection_reuse::pooled && !req.options.new_connection;
  if (may_reuse && !o.idle.empty()) {
    asio_connection* c = o.idle.back();
    o.idle.pop_back();
    c->idle_ticket = 0;
    --idle_count_;
    return *c;
  }
  if (!closed_.empty()) {
    asio_connection* c = closed_.back();
    closed_.pop_back();
    c->retarget(o.pool_key, o.host_field);
    return *c;
  }
  return *connections_.emplace_back(std::make_unique<asio_connection>(*this, io_, clock_, o.pool_key, o.host_field));
}

// A numeric address needs no resolver; a name is resolved once (Asio's resolver thread), and the
// transfers that arrive meanwhile wait for it.
void asio_transport::resolve(origin_state& o) {
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(o.resolve_name, ec);
  if (!ec) {
    o.endpoints = {boost::asio::ip::tcp::endpoint(address, o.port)};
    return on_resolved(o, {});
  }
  resolver_.async_resolve(o.resolve_name, std::to_string(o.port), [this, &o](const boost::system::error_code& failed, const auto& results) {
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
      fail_at_once(*w.t, transfer_error::other, "cannot resolve " + o.pool_key + ": " + (ec ? ec.message() : "no address"));
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
    keep_idle(c);
  } else {
    closed_.push_back(&c);
  }
  t->complete(std::move(result));
}

// Into its origin's pool; then, while more connections are open than were ever busy at once, the
// one idle longest is closed. One origin's crawl never closes any (its idle connections are the
// ones its next requests take); a URL list over many hosts keeps no more descriptors than its
// concurrency, instead of one idle connection per host it ever met.
void asio_transport::keep_idle(asio_connection& c) {
  origin_state& o = origin_named(c.origin());
  o.idle.push_back(&c);
  c.idle_ticket = ++next_idle_ticket_;
  idle_order_.push_back({c.idle_ticket, &c});
  ++idle_count_;
  while (idle_count_ + busy_.size() > peak_busy_) close_longest_idle();
  if (idle_order_.size() > 2 * idle_count_ + 64) {  // drop the entries of connections taken since
    std::erase_if(idle_order_, [](const idle_entry& e) { return e.connection->idle_ticket != e.ticket; });
  }
}

void asio_transport::close_longest_idle() {
  for (;;) {
    const idle_entry oldest = idle_order_.front();
    idle_order_.pop_front();
    if (oldest.connection->idle_ticket != oldest.ticket) continue;  // taken from the pool since
    asio_connection& c = *oldest.connection;
    auto& idle = origin_named(c.origin()).idle;
    idle.erase(std::find(idle.begin(), idle.end(), &c));
    c.idle_ticket = 0;
    --idle_count_;
    c.close();
    closed_.push_back(&c);
    return;
  }
}

asio_transport::origin_state& asio_transport::origin_named(const std::string& pool_key) {
  return last_origin_ && last_origin_->pool_key == pool_key ? *last_origin_ : origins_.at(pool_key);
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
  }
  expire(clock_.now());
  // Everything else ready, the timed-out exchanges' ends among them. All of it, not one handler a
  // turn: the CPU + I/O workload's async mode turns the loop once between two items of CPU work,
  // and an exchange must not advance only one step (connect, send, answer) per item.
  io_.poll();
}

// The earliest deadline of an exchange in progress, or of a transfer waiting for a name. An entry
// whose exchange has finished moves to its connection's next exchange, or is dropped.
std::optional<clock::time_point> asio_transport::next_deadline() {
  std::optional<clock::time_point> next;
  while (!deadlines_.empty() && !next) {
    const deadline d = deadlines_.top();
    const asio_connection& top = *d.connection;
    const bool current = top.current() != nullptr && top.timeout() > clock::duration::zero();
    if (current && top.deadline() == d.at) {
      next = d.at;
      break;
    }
    asio_connection& c = pop_deadline();
    if (current && c.deadlines_queued == 0) push_deadline(c);  // its newer exchange's
  }
  const auto resolving = next_resolve_deadline();
  if (resolving && (!next || *resolving < *next)) next = resolving;
  return next;
}

std::optional<clock::time_point> asio_transport::waiting_transfer::deadline() const {
  const auto timeout = t->req().options.timeout;
  if (timeout <= clock::duration::zero()) return std::nullopt;
  return started + timeout;
}

// Only while a name is being resolved: rare, and then over the few transfers waiting.
std::optional<clock::time_point> asio_transport::next_resolve_deadline() const {
  std::optional<clock::time_point> next;
  if (resolving_count_ == 0) return next;
  for (const auto& [key, o] : origins_) {
    for (const auto& w : o.waiting) {
      const auto at = w.deadline();
      if (at && (!next || *at < *next)) next = at;
    }
  }
  return next;
}

void asio_transport::expire(clock::time_point now) {
  expire_resolving(now);
  while (!deadlines_.empty()) {
    const auto at = next_deadline();
    if (!at || *at > now || deadlines_.empty() || deadlines_.top().at != *at) return;
    asio_connection& c = pop_deadline();
    c.abort(c.exchange(), transfer_error::timeout, timed_out_after(c.timeout()));
  }
}

// A transfer whose host name is still being resolved at its deadline times out there.
void asio_transport::expire_resolving(clock::time_point now) {
  if (resolving_count_ == 0) return;
  for (auto& [key, o] : origins_) {
    const auto late = std::stable_partition(o.waiting.begin(), o.waiting.end(), [now](const waiting_transfer& w) {
      const auto at = w.deadline();
      return !at || *at > now;
    });
    std::vector<waiting_transfer> expired(std::make_move_iterator(late), std::make_move_iterator(o.waiting.end()));
    o.waiting.erase(late, o.waiting.end());
    resolving_count_ -= expired.size();
    for (auto& w : expired) {
      fail_at_once(*w.t, transfer_error::timeout,
                   timed_out_after(w.t->req().options.timeout) + " (resolving " + o.resolve_name + ")");
    }
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
