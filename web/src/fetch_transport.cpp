#include "fetch_transport.hpp"

#include <emscripten.h>

#include <algorithm>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "crawlbench/request_headers.hpp"

namespace crawlbench::web {

namespace {
// What each request's connection cost, from the browser's Resource Timing (docs/web.md,
// Connections). The buffer of entries holds 250 by default and then drops new ones: it is made
// large, and cleared every 256 reads, after keeping the entries of requests still in flight (their
// completions may be queued behind this one). A read looks up one name in at most a few hundred
// entries, so a 100,000-request crawl neither loses entries nor grows the buffer.
EM_JS(void, resource_timing_expect, (const char* url), {
  let rt = Module.resourceTiming;
  if (!rt) {
    rt = Module.resourceTiming = {pending : new Map(), reads : 0, missed : 0, name : (raw) => {
      try { return new URL(raw, self.location.href).href; } catch (e) { return raw; }
    }};
    if (performance.setResourceTimingBufferSize) performance.setResourceTimingBufferSize(4096);
  }
  rt.pending.set(rt.name(UTF8ToString(url)), null);
});
// The request's connection_use (0 unknown: no entry, or a cross-origin one without
// Timing-Allow-Origin, whose connect times are zeros; 1 reused: connectStart == connectEnd; 2
// opened; 3 opened with TLS: secureConnectionStart set), and for a new one how many ms before now
// its TCP connect (ago[0]) and its TLS handshake (ago[1]) finished. Forgets the request.
EM_JS(int, resource_timing_read, (const char* url, double* ago), {
  const rt = Module.resourceTiming;
  if (!rt) return 0;
  const name = rt.name(UTF8ToString(url));
  let entry = rt.pending.get(name);
  rt.pending.delete(name);
  if (!entry) {
    const list = performance.getEntriesByName(name, 'resource');
    entry = list.length ? list[list.length - 1] : null;
  }
  if (++rt.reads >= 256) {
    rt.reads = 0;
    for (const e of performance.getEntriesByType('resource')) {
      if (rt.pending.has(e.name)) rt.pending.set(e.name, e);
    }
    performance.clearResourceTimings();
  }
  if (!entry) ++rt.missed;  // the browser gave none (a failed request; read by the browser test)
  if (!entry || entry.connectEnd === 0) return 0;
  if (entry.connectStart === entry.connectEnd) return 1;
  const now = performance.now(), tls = entry.secureConnectionStart > 0;
  HEAPF64[ago >> 3] = now - (tls ? entry.secureConnectionStart : entry.connectEnd);
  HEAPF64[(ago >> 3) + 1] = now - entry.connectEnd;
  return tls ? 3 : 2;
});

// `r`'s connection from its Resource Timing entry, its times inside [started, done]; unknown when
// the browser does not tell.
void read_connection(response& r, const std::string& url) {
  double ago_ms[2] = {0, 0};
  const int use = resource_timing_read(url.c_str(), ago_ms);
  if (use <= static_cast<int>(connection_use::unknown) || use > static_cast<int>(connection_use::opened_tls)) return;
  r.connection = static_cast<connection_use>(use);
  const auto before_done = [&](double ms, clock::time_point earliest) {
    return std::clamp(r.done - from_seconds(ms / 1000), earliest, r.done);
  };
  if (r.connection != connection_use::reused) r.connected = before_done(ago_ms[0], r.started);
  if (r.connection == connection_use::opened_tls) r.tls_done = before_done(ago_ms[1], r.connected);
}

// The user's "Name: value" lines as emscripten_fetch takes them: name, value, ..., null.
class fetch_headers {
 public:
  explicit fetch_headers(std::span<const std::string> lines) {
    for (const auto& line : lines) {
      const std::string_view name = request_header_name(line);
      const auto value = std::string_view(line).substr(name.size() + 1);
      parts_.emplace_back(name);
      parts_.emplace_back(value.substr(std::min(value.find_first_not_of(" \t"), value.size())));
    }
    for (const auto& part : parts_) pointers_.push_back(part.c_str());
    pointers_.push_back(nullptr);
  }
  // Null when there are none.
  [[nodiscard]] const char* const* get() const noexcept { return parts_.empty() ? nullptr : pointers_.data(); }

 private:
  std::vector<std::string> parts_;
  std::vector<const char*> pointers_;
};
}  // namespace

struct fetch_transport::state {
  fetch_transport* owner;
  transfer* t;
  response result;
  emscripten_fetch_t* fetch = nullptr;
};

fetch_transport::~fetch_transport() {
  for (state* s : active_) {
    if (s->fetch) emscripten_fetch_close(s->fetch);
    delete s;
  }
}

void fetch_transport::start(transfer& t) {
  const request& req = t.req();
  auto* s = new state{this, &t, {}};
  s->result.started = clock_.now();
  if (cancelled()) {
    s->result.error = transfer_error::cancelled;
    s->result.error_message = "cancelled";
    s->result.first_byte = s->result.done = clock_.now();
    t.complete(std::move(s->result));
    delete s;
    return;
  }
  emscripten_fetch_attr_t attr;
  emscripten_fetch_attr_init(&attr);
  std::strcpy(attr.requestMethod, req.method == http_method::post ? "POST" : "GET");
  // REPLACE: straight to the network. Without it emscripten_fetch first looks every URL up in its
  // IndexedDB cache: a transaction per request before the request starts (docs/web.md, Benchmark).
  attr.attributes = EMSCRIPTEN_FETCH_LOAD_TO_MEMORY | EMSCRIPTEN_FETCH_REPLACE;
  attr.onsuccess = &fetch_transport::on_success;
  attr.onerror = &fetch_transport::on_error;
  attr.userData = s;
  attr.timeoutMSecs = static_cast<unsigned long>(std::chrono::duration_cast<std::chrono::milliseconds>(req.options.timeout).count());
  if (req.method == http_method::post) {
    attr.requestData = req.body.data();
    attr.requestDataSize = req.body.size();
  }
  // emscripten_fetch copies the headers (strdup) before it returns: a local will do.
  const fetch_headers headers{req.options.headers};
  attr.requestHeaders = headers.get();
  active_.push_back(s);
  resource_timing_expect(req.url.c_str());
  s->fetch = emscripten_fetch(&attr, req.url.c_str());
}

void fetch_transport::on_success(emscripten_fetch_t* fetch) {
  auto* s = static_cast<state*>(fetch->userData);
  s->owner->finish(s, fetch, true);
}

void fetch_transport::on_error(emscripten_fetch_t* fetch) {
  auto* s = static_cast<state*>(fetch->userData);
  s->owner->finish(s, fetch, false);
}

void fetch_transport::finish(state* s, emscripten_fetch_t* fetch, bool success) {
  response& r = s->result;
  r.done = r.first_byte = clock_.now();
  r.status = static_cast<int>(fetch->status);
  if (fetch->numBytes > 0) {
    const auto n = static_cast<std::size_t>(fetch->numBytes);
    r.body_bytes = n;
    r.body.assign(fetch->data, std::min(n, response::max_kept_body));
  }
  if (!success && fetch->status == 0) {
    // No HTTP response: refused, a CORS refusal, an abort or the timeout; the browser does not
    // say which, the clock does for the timeout.
    const auto timeout = s->t->req().options.timeout;
    if (cancelled()) {
      r.error = transfer_error::cancelled;
      r.error_message = "cancelled";
    } else if (timeout.count() > 0 && r.done - r.started >= timeout) {
      r.error = transfer_error::timeout;
      r.error_message = "timed out";
    } else {
      r.error = transfer_error::other;
      r.error_message = "no response (refused, blocked by CORS, or aborted)";
    }
  }
  read_connection(r, s->t->req().url);
  emscripten_fetch_close(fetch);
  s->fetch = nullptr;
  active_.erase(std::find(active_.begin(), active_.end(), s));
  s->t->complete(std::move(r));
  delete s;
  if (on_progress_) on_progress_();
}

void fetch_transport::stop_with(stop_token stop) {
  on_stop_.reset();
  stop_ = std::move(stop);
  on_stop_.emplace(stop_, [this] { abort_in_flight(); });
}

void fetch_transport::abort_in_flight() {
  const auto now = clock_.now();
  while (!active_.empty()) {
    state* s = active_.back();
    active_.pop_back();
    if (s->fetch) emscripten_fetch_close(s->fetch);  // aborts it; no callback follows
    s->result.done = s->result.first_byte = now;
    read_connection(s->result, s->t->req().url);  // forgets it; an aborted request has no entry
    s->result.error = transfer_error::cancelled;
    s->result.error_message = "cancelled";
    s->t->complete(std::move(s->result));
    delete s;
  }
  if (on_progress_) on_progress_();
}

}  // namespace crawlbench::web
