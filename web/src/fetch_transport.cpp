#include "fetch_transport.hpp"

#include <algorithm>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "crawlbench/request_headers.hpp"

namespace crawlbench::web {

namespace {
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
    s->result.error = transfer_error::cancelled;
    s->result.error_message = "cancelled";
    s->t->complete(std::move(s->result));
    delete s;
  }
  if (on_progress_) on_progress_();
}

}  // namespace crawlbench::web
