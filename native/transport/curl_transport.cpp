#include "curl_transport.hpp"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <string>

namespace crawlbench::native {

// One request in flight: the transfer it completes and the response being filled in.
struct curl_transport::transfer_state {
  transfer* t;
  response result;
  CURL* easy = nullptr;
  shard* owner = nullptr;
  std::size_t position = 0;  // in active_
  int attempts = 0;          // on_prereq calls: more than one is libcurl's own retry, stopped there
};

namespace {
constexpr std::uint64_t wake_event = ~std::uint64_t{0};  // epoll data of wake_fd_; sockets carry shard << 32 | fd

// Sockets libcurl asked us to watch carry this marker (curl_multi_assign), so we know whether to
// add them to epoll or modify them.
char registered_marker;

transfer_error error_of(CURLcode code, long os_errno) {
  switch (code) {
    case CURLE_OK: return transfer_error::none;
    case CURLE_COULDNT_CONNECT:
      return os_errno == EMFILE || os_errno == ENFILE ? transfer_error::too_many_connections
                                                      : transfer_error::connection_refused;
    case CURLE_OPERATION_TIMEDOUT: return transfer_error::timeout;
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE: return transfer_error::connection_reset;
    case CURLE_ABORTED_BY_CALLBACK: return transfer_error::cancelled;
    default: return os_errno == EMFILE || os_errno == ENFILE ? transfer_error::too_many_connections : transfer_error::other;
  }
}
}  // namespace

curl_transport::curl_transport(const clock& time) : clock_(time) {
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("curl_global_init failed");
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd_ < 0) {
    curl_global_cleanup();
    throw std::runtime_error(std::string("cannot set up the curl transport: epoll: ") + std::strerror(errno));
  }
  wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  epoll_event wake{};
  wake.events = EPOLLIN;
  wake.data.u64 = wake_event;
  if (wake_fd_ < 0 || ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &wake) != 0) {
    const int error = errno;
    if (wake_fd_ >= 0) ::close(wake_fd_);
    ::close(epoll_fd_);
    curl_global_cleanup();
    throw std::runtime_error(std::string("cannot set up the curl transport: eventfd: ") + std::strerror(error));
  }
  add_shard();
}

curl_transport::~curl_transport() {
  for (CURL* easy : idle_handles_) curl_easy_cleanup(easy);
  for (auto* state : active_) {
    curl_multi_remove_handle(state->owner->multi, state->easy);
    curl_easy_cleanup(state->easy);
    delete state;
  }
  for (auto& s : shards_) curl_multi_cleanup(s->multi);
  ::close(wake_fd_);
  ::close(epoll_fd_);
  curl_global_cleanup();
}

curl_transport::shard& curl_transport::add_shard() {
  CURLM* multi = curl_multi_init();
  if (!multi) throw std::runtime_error("curl_multi_init failed");
  auto& s = *shards_.emplace_back(
      std::make_unique<shard>(shard{this, static_cast<std::uint32_t>(shards_.size()), multi, std::nullopt}));
  curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, &curl_transport::on_socket);
  curl_multi_setopt(multi, CURLMOPT_SOCKETDATA, &s);
  curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, &curl_transport::on_timer);
  curl_multi_setopt(multi, CURLMOPT_TIMERDATA, &s);
  // Keep every idle keep-alive connection: a pooled crawl reuses all of them.
  curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, 100'000L);
  return s;
}

curl_transport::shard& curl_transport::pick_shard() {
  if (!freed_shards_.empty()) {
    const std::uint32_t index = freed_shards_.back();
    freed_shards_.pop_back();
    return *shards_[index];
  }
  if (active_.size() >= shards_.size() * per_shard && shards_.size() < max_shards) {
    try {
      return add_shard();
    } catch (const std::runtime_error&) {
      // Out of memory for another multi handle: the existing shards will do, only slower.
    }
  }
  return *shards_[next_shard_++ % shards_.size()];
}

CURL* curl_transport::take_easy_handle() {
  if (idle_handles_.empty()) return curl_easy_init();
  CURL* easy = idle_handles_.back();
  idle_handles_.pop_back();
  return easy;
}

// A used handle keeps more than its options: libcurl 7.88 counts its retries of dead kept-alive
// connections per handle and never resets the count on success, so a handle used for many
// transfers gave up on the 6th dead connection of its life. curl_easy_reset clears that, and the
// options (pointers into finished transfers' states and bodies); the multi handle keeps the pool.
void curl_transport::recycle(CURL* easy) {
  curl_easy_reset(easy);
  idle_handles_.push_back(easy);
}

void curl_transport::start(transfer& t) {
  const request& req = t.req();
  auto* state = new transfer_state{&t, {}};
  state->result.started = clock_.now();

  CURL* easy = cancelled_.load(std::memory_order_relaxed) ? nullptr : take_easy_handle();
  if (!easy) {
    const bool cancelled = cancelled_.load(std::memory_order_relaxed);
    state->result.error = cancelled ? transfer_error::cancelled : transfer_error::other;
    state->result.error_message = cancelled ? "cancelled" : "curl_easy_init failed (out of memory)";
    state->result.first_byte = state->result.done = clock_.now();
    t.complete(std::move(state->result));
    delete state;
    return;
  }
  const bool fresh = req.options.reuse == connection_reuse::fresh;
  curl_easy_setopt(easy, CURLOPT_URL, req.url.c_str());
  curl_easy_setopt(easy, CURLOPT_PRIVATE, state);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &curl_transport::on_body);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, state);
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(easy, CURLOPT_PROXY, "");  // no proxy, whatever the environment says
  curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
  // requests/urllib: a new connection for every request, closed after it. A retry: a new one, pooled.
  curl_easy_setopt(easy, CURLOPT_FRESH_CONNECT, fresh || req.options.new_connection ? 1L : 0L);
  curl_easy_setopt(easy, CURLOPT_FORBID_REUSE, fresh ? 1L : 0L);
  curl_easy_setopt(easy, CURLOPT_PREREQFUNCTION, &curl_transport::on_prereq);
  curl_easy_setopt(easy, CURLOPT_PREREQDATA, state);
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS,
                   static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(req.options.timeout).count()));
  if (req.method == http_method::post) {
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE, static_cast<long>(req.body.size()));
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, req.body.c_str());
  } else {
    curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
  }
  shard& s = pick_shard();
  state->easy = easy;
  state->owner = &s;
  state->position = active_.size();
  active_.push_back(state);
  if (const CURLMcode code = curl_multi_add_handle(s.multi, easy); code != CURLM_OK) {
    forget(state);
    state->result.error = transfer_error::other;
    state->result.error_message = curl_multi_strerror(code);
    state->result.first_byte = state->result.done = clock_.now();
    recycle(easy);
    t.complete(std::move(state->result));
    delete state;
  }
}

std::size_t curl_transport::on_body(char* data, std::size_t size, std::size_t count, void* opaque) {
  auto& r = static_cast<transfer_state*>(opaque)->result;
  const std::size_t n = size * count;
  if (r.body.size() < response::max_kept_body) r.body.append(data, std::min(n, response::max_kept_body - r.body.size()));
  r.body_bytes += n;
  return n;
}

// libcurl: the connection is ready and the request is about to be sent on it. A second call for
// one transfer is libcurl's own retry of a kept-alive connection that died before answering: hidden
// and up to 5 deep. It is stopped here, so that the http_client's rule (once, on a new connection,
// shown in the span) is the only one; the connection libcurl opened for it is wasted.
int curl_transport::on_prereq(void* opaque, char*, char*, int, int) {
  auto& state = *static_cast<transfer_state*>(opaque);
  if (++state.attempts > 1) return CURL_PREREQFUNC_ABORT;
  long connects = 0;  // so far in this transfer: none means the connection is a kept-alive one
  curl_easy_getinfo(state.easy, CURLINFO_NUM_CONNECTS, &connects);
  state.result.reused_connection = connects == 0;
  return CURL_PREREQFUNC_OK;
}

// libcurl: watch `socket` for `what`, or stop watching it.
int curl_transport::on_socket(CURL*, curl_socket_t socket, int what, void* opaque, void* socket_data) {
  auto& s = *static_cast<shard*>(opaque);
  auto& self = *s.owner;
  if (what == CURL_POLL_REMOVE) {
    ::epoll_ctl(self.epoll_fd_, EPOLL_CTL_DEL, socket, nullptr);
    return 0;
  }
  epoll_event event{};
  event.data.u64 = (std::uint64_t{s.index} << 32) | static_cast<std::uint32_t>(socket);  // which shard, which socket
  event.events = (what & CURL_POLL_IN ? EPOLLIN : 0u) | (what & CURL_POLL_OUT ? EPOLLOUT : 0u);
  if (socket_data) {
    ::epoll_ctl(self.epoll_fd_, EPOLL_CTL_MOD, socket, &event);
  } else {
    ::epoll_ctl(self.epoll_fd_, EPOLL_CTL_ADD, socket, &event);
    curl_multi_assign(s.multi, socket, &registered_marker);
  }
  return 0;
}

// libcurl: call me back (CURL_SOCKET_TIMEOUT) in timeout_ms; 0 means as soon as possible and -1
// means the timer is off.
int curl_transport::on_timer(CURLM*, long timeout_ms, void* opaque) {
  auto& s = *static_cast<shard*>(opaque);
  if (timeout_ms < 0) s.deadline.reset();
  else s.deadline = s.owner->clock_.now() + std::chrono::milliseconds(timeout_ms);
  return 0;
}

void curl_transport::socket_action(shard& s, curl_socket_t socket, int events) {
  int running = 0;
  curl_multi_socket_action(s.multi, socket, events, &running);
}

void curl_transport::poll(std::optional<clock::time_point> wake_by) {
  // Wait until the earlier of the scheduler's deadline and curl's timers; forever if neither.
  std::optional<clock::time_point> until = wake_by;
  for (const auto& s : shards_) {
    if (s->deadline && (!until || *s->deadline < *until)) until = s->deadline;
  }
  int timeout_ms = -1;
  if (until) {
    const auto left = *until - clock_.now();
    // Round up: waking a little late costs a little, waking early costs a useless turn.
    timeout_ms = left <= clock::duration::zero()
                     ? 0
                     : static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(left).count());
  }

  std::array<epoll_event, 256> events;
  const int n = ::epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), timeout_ms);
  for (int i = 0; i < n; ++i) {
    const auto& event = events[static_cast<std::size_t>(i)];
    if (event.data.u64 == wake_event) {
      std::uint64_t count = 0;
      [[maybe_unused]] const auto ignored = ::read(wake_fd_, &count, sizeof count);
      continue;
    }
    const int mask = (event.events & EPOLLIN ? CURL_CSELECT_IN : 0) | (event.events & EPOLLOUT ? CURL_CSELECT_OUT : 0) |
                     (event.events & (EPOLLERR | EPOLLHUP) ? CURL_CSELECT_ERR : 0);
    socket_action(*shards_[event.data.u64 >> 32], static_cast<curl_socket_t>(event.data.u64 & 0xffffffffU), mask);
  }
  const auto now = clock_.now();
  for (auto& s : shards_) {
    if (s->deadline && *s->deadline <= now) {
      s->deadline.reset();
      socket_action(*s, CURL_SOCKET_TIMEOUT, 0);
    }
    complete_finished(*s);
  }
  if (cancelled_.load(std::memory_order_relaxed) && !active_.empty()) cancel_in_flight();
}

void curl_transport::cancel_all() noexcept {
  cancelled_.store(true, std::memory_order_relaxed);
  wake();
}

void curl_transport::wake() noexcept {
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto ignored = ::write(wake_fd_, &one, sizeof one);
}

void curl_transport::cancel_in_flight() {
  const auto now = clock_.now();
  while (!active_.empty()) {
    transfer_state* state = active_.back();
    state->result.done = now;
    if (state->result.first_byte == clock::time_point{}) state->result.first_byte = now;
    state->result.error = transfer_error::cancelled;
    state->result.error_message = "cancelled";
    finish(state, state->easy);
  }
}

// Gives the easy handle back, takes the transfer off the books and resumes its awaiter.
void curl_transport::finish(transfer_state* state, CURL* easy) {
  curl_multi_remove_handle(state->owner->multi, easy);
  recycle(easy);
  forget(state);
  state->t->complete(std::move(state->result));
  delete state;
}

void curl_transport::forget(transfer_state* state) noexcept {
  active_.back()->position = state->position;
  active_[state->position] = active_.back();
  active_.pop_back();
}

void curl_transport::complete_finished(shard& s) {
  int left = 0;
  while (CURLMsg* message = curl_multi_info_read(s.multi, &left)) {
    if (message->msg != CURLMSG_DONE) continue;
    CURL* easy = message->easy_handle;
    const CURLcode code = message->data.result;
    transfer_state* state = nullptr;
    curl_easy_getinfo(easy, CURLINFO_PRIVATE, &state);
    response& r = state->result;
    long status = 0, os_errno = 0, connects = 0, header_bytes = 0;
    curl_off_t first_byte_us = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(easy, CURLINFO_OS_ERRNO, &os_errno);
    curl_easy_getinfo(easy, CURLINFO_STARTTRANSFER_TIME_T, &first_byte_us);
    curl_easy_getinfo(easy, CURLINFO_NUM_CONNECTS, &connects);
    curl_easy_getinfo(easy, CURLINFO_HEADER_SIZE, &header_bytes);
    connections_opened_ += static_cast<std::size_t>(connects);
    r.done = clock_.now();
    r.first_byte = first_byte_us > 0 ? std::min(r.done, r.started + std::chrono::microseconds(first_byte_us)) : r.done;
    r.status = static_cast<int>(status);
    r.answer_started = header_bytes > 0 || r.body_bytes > 0;
    r.error = state->attempts > 1 ? transfer_error::connection_reset : error_of(code, os_errno);
    if (state->attempts > 1) {
      r.error_message = "the kept-alive connection closed before answering";
    } else if (r.error != transfer_error::none) {
      r.error_message = curl_easy_strerror(code);
      if (os_errno != 0) r.error_message += std::string(" (") + std::strerror(static_cast<int>(os_errno)) + ")";
    }
    if (freed_shards_.size() < shards_.size() * per_shard) freed_shards_.push_back(s.index);
    finish(state, easy);
  }
}

}  // namespace crawlbench::native
