#include "curl_transport.hpp"

#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <limits>
#include <new>
#include <stdexcept>
#include <string>
#include <system_error>

namespace crawlbench::native {

// One request in flight: the transfer it completes and the response being filled in.
struct curl_transport::transfer_state {
  transfer* t;
  response result;
  CURL* easy = nullptr;
  shard* owner = nullptr;
  std::size_t position = 0;  // in active_
  int attempts = 0;          // on_prereq calls: more than one is libcurl's own retry, stopped there
  // CURLOPT_HTTPHEADER's list, which libcurl reads until the transfer ends.
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers{nullptr, &curl_slist_free_all};
  std::array<char, CURL_ERROR_SIZE> error_text{};  // CURLOPT_ERRORBUFFER: libcurl's reason, in detail
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
    // Every TLS code of libcurl 7.88's curl.h: the handshake, a certificate or a TLS file.
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_USE_SSL_FAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CLIENTCERT: return transfer_error::tls;
    default: return os_errno == EMFILE || os_errno == ENFILE ? transfer_error::too_many_connections : transfer_error::other;
  }
}

// The one place a CURLcode of curl_easy_setopt is checked: the first option libcurl refuses is kept,
// named, with libcurl's message, and the transfer then fails with it as a value.
class easy_options {
 public:
  explicit easy_options(CURL* easy) noexcept : easy_(easy) {}
  template <typename T>
  easy_options& set(CURLoption option, T value) {
    if (problem_) return *this;
    if (const CURLcode code = curl_easy_setopt(easy_, option, value); code != CURLE_OK) {
      const curl_easyoption* known = curl_easy_option_by_id(option);
      problem_ = std::string("CURLOPT_") + (known ? known->name : std::to_string(option).c_str()) + ": " +
                 curl_easy_strerror(code);
    }
    return *this;
  }
  [[nodiscard]] expected<void> outcome() && {
    if (problem_) return unexpected_error(std::move(*problem_));
    return {};
  }

 private:
  CURL* easy_;
  std::optional<std::string> problem_;
};

// The one place a CURLcode of curl_easy_getinfo is checked: libcurl's message, or nothing. Every
// info asked for exists since libcurl 7.61 (CMake asks for 7.85), so a failure means a bug here.
template <typename T>
const char* info_problem(CURL* easy, CURLINFO info, T& value) noexcept {
  const CURLcode code = curl_easy_getinfo(easy, info, &value);
  return code == CURLE_OK ? nullptr : curl_easy_strerror(code);
}

// Outside libcurl's callbacks: the info, or a std::logic_error naming it.
template <typename T>
T info(CURL* easy, CURLINFO what) {
  T value{};
  if (const char* problem = info_problem(easy, what, value)) {
    throw std::logic_error("curl_easy_getinfo(CURLINFO " + std::to_string(what) + "): " + problem);
  }
  return value;
}

// The request's "Name: value" lines as libcurl's list; false when out of memory. libcurl drops
// a header written "Name:" with no value, and sends "Name;" as an empty one.
bool header_list(std::span<const std::string> lines, std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)>& into) {
  for (const auto& line : lines) {
    const bool empty = line.find_first_not_of(" \t", line.find(':') + 1) == std::string::npos;
    curl_slist* head = curl_slist_append(into.get(), empty ? (line.substr(0, line.find(':')) + ";").c_str() : line.c_str());
    if (head == nullptr) return false;
    if (!into) into.reset(head);
  }
  return true;
}

void fail(response& r, transfer_error error, std::string message, clock::time_point now) {
  r.error = error;
  r.error_message = std::move(message);
  r.done = now;
  if (r.first_byte == clock::time_point{}) r.first_byte = now;
}

[[noreturn]] void throw_errno(int error, const char* call) {
  throw std::system_error(error, std::generic_category(), call);
}
}  // namespace

std::string curl_transport::callback_failure::message() const {
  return std::string(call ? call : "") + ": " + (reason ? reason : "");
}

curl_transport::curl_transport(const clock& time, stop_token stop, tls_trust trust) : clock_(time), trust_(std::move(trust)) {
  if (const CURLcode code = curl_global_init(CURL_GLOBAL_DEFAULT); code != CURLE_OK) {
    throw std::runtime_error(std::string("cannot set up the curl transport: curl_global_init: ") + curl_easy_strerror(code));
  }
  try {
    epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
    if (epoll_fd_ < 0) throw_errno(errno, "cannot set up the curl transport: epoll_create1");
    wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (wake_fd_ < 0) throw_errno(errno, "cannot set up the curl transport: eventfd");
    epoll_event wake{};
    wake.events = EPOLLIN;
    wake.data.u64 = wake_event;
    if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &wake) != 0) throw_errno(errno, "cannot set up the curl transport: epoll_ctl");
    if (!add_shard()) throw std::runtime_error("cannot set up the curl transport: curl_multi_init failed (out of memory)");
    if (stop.stop_possible()) on_stop_.emplace(stop, [this] { cancel_all(); });
  } catch (...) {
    release();
    throw;
  }
}

curl_transport::~curl_transport() {
  on_stop_.reset();  // first: a stop requested from now on must not write to a closed eventfd
  release();
}

// Frees everything. Codes are not checked here: nobody is left to tell, and each handle and
// descriptor is freed whatever its code says.
void curl_transport::release() noexcept {
  for (CURL* easy : idle_handles_) curl_easy_cleanup(easy);
  idle_handles_.clear();
  for (auto* state : active_) {
    curl_multi_remove_handle(state->owner->multi, state->easy);
    curl_easy_cleanup(state->easy);
    delete state;
  }
  active_.clear();
  for (auto& s : shards_) curl_multi_cleanup(s->multi);
  shards_.clear();
  if (wake_fd_ >= 0) ::close(wake_fd_);
  if (epoll_fd_ >= 0) ::close(epoll_fd_);
  curl_global_cleanup();
}

// A shard with a new multi handle, or nothing when libcurl has no memory for one.
curl_transport::shard* curl_transport::add_shard() {
  auto& s = *shards_.emplace_back(
      std::make_unique<shard>(shard{this, static_cast<std::uint32_t>(shards_.size()), nullptr, std::nullopt, {}}));
  if (!set_up_multi(s)) {
    shards_.pop_back();
    return nullptr;
  }
  return &s;
}

// Gives `s` a new multi handle: false when there is no memory for one. An option refused is a bug.
bool curl_transport::set_up_multi(shard& s) {
  s.multi = curl_multi_init();
  if (!s.multi) return false;
  const auto set = [this, &s](CURLMoption option, auto value) {
    check(s, curl_multi_setopt(s.multi, option, value), "curl_multi_setopt");
  };
  set(CURLMOPT_SOCKETFUNCTION, &curl_transport::on_socket);
  set(CURLMOPT_SOCKETDATA, &s);
  set(CURLMOPT_TIMERFUNCTION, &curl_transport::on_timer);
  set(CURLMOPT_TIMERDATA, &s);
  // Keep every idle keep-alive connection: a pooled crawl reuses all of them.
  set(CURLMOPT_MAXCONNECTS, 100'000L);
  return true;
}

curl_transport::shard& curl_transport::pick_shard() {
  if (!freed_shards_.empty()) {
    const std::uint32_t index = freed_shards_.back();
    freed_shards_.pop_back();
    return *shards_[index];
  }
  if (active_.size() >= shards_.size() * per_shard && shards_.size() < max_shards) {
    // No memory for another multi handle: the existing shards will do, only slower.
    if (shard* added = add_shard()) return *added;
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
  auto state = std::make_unique<transfer_state>(transfer_state{&t, {}});
  state->result.started = clock_.now();
  if (abandoned_) return fail_at_once(std::move(state), nullptr, transfer_error::other, *abandoned_);
  if (cancelled_.load(std::memory_order_relaxed)) return fail_at_once(std::move(state), nullptr, transfer_error::cancelled, "cancelled");
  shard& s = pick_shard();  // before a handle is taken: it throws only for a bug
  CURL* easy = take_easy_handle();
  if (!easy) return fail_at_once(std::move(state), nullptr, transfer_error::other, "curl_easy_init failed (out of memory)");
  if (auto configured = configure(easy, t.req(), state.get()); !configured) {
    return fail_at_once(std::move(state), easy, transfer_error::other, std::move(configured).error().message);
  }
  if (const CURLMcode code = curl_multi_add_handle(s.multi, easy); code != CURLM_OK) {
    // The transfer fails with libcurl's message; a code other than no memory is a bug, for poll() to throw.
    if (code != CURLM_OUT_OF_MEMORY && !s.failure.call) s.failure = {"curl_multi_add_handle", curl_multi_strerror(code), true};
    return fail_at_once(std::move(state), easy, transfer_error::other, std::string("curl_multi_add_handle: ") + curl_multi_strerror(code));
  }
  state->easy = easy;
  state->owner = &s;
  state->position = active_.size();
  active_.push_back(state.release());
}

// The options of one transfer; success, or libcurl's message naming the first option it refuses.
expected<void> curl_transport::configure(CURL* easy, const request& req, transfer_state* state) {
  const bool fresh = req.options.reuse == connection_reuse::fresh;
  const auto timeout = std::chrono::duration_cast<std::chrono::milliseconds>(req.options.timeout);
  easy_options options{easy};
  options.set(CURLOPT_URL, req.url.c_str())
      .set(CURLOPT_PRIVATE, state)
      .set(CURLOPT_WRITEFUNCTION, &curl_transport::on_body)
      .set(CURLOPT_WRITEDATA, state)
      .set(CURLOPT_NOSIGNAL, 1L)
      .set(CURLOPT_FOLLOWLOCATION, 0L)
      .set(CURLOPT_PROXY, "")  // no proxy, whatever the environment says
      .set(CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1))
      // requests/urllib: a new connection for every request, closed after it. A retry: a new one, pooled.
      .set(CURLOPT_FRESH_CONNECT, fresh || req.options.new_connection ? 1L : 0L)
      .set(CURLOPT_FORBID_REUSE, fresh ? 1L : 0L)
      .set(CURLOPT_PREREQFUNCTION, &curl_transport::on_prereq)
      .set(CURLOPT_PREREQDATA, state)
      .set(CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()))
      .set(CURLOPT_PROTOCOLS_STR, "http,https")
      .set(CURLOPT_ERRORBUFFER, state->error_text.data());
  if (!req.options.headers.empty()) {
    if (!header_list(req.options.headers, state->headers)) return unexpected_error("curl_slist_append: out of memory");
    options.set(CURLOPT_HTTPHEADER, state->headers.get());
  }
  // Debian's libcurl sets both a CA bundle and a CA directory (the same certificates), and 7.88 keeps
  // the parsed CA store in the multi handle only without a directory: with one, every new
  // connection parsed the 140-certificate bundle again (25 ms of CPU each, measured here).
  options.set(CURLOPT_CAPATH, static_cast<const char*>(nullptr));
  if (!trust_.ca_file.empty()) options.set(CURLOPT_CAINFO, trust_.ca_file.c_str());
  if (trust_.insecure) options.set(CURLOPT_SSL_VERIFYPEER, 0L).set(CURLOPT_SSL_VERIFYHOST, 0L);
  if (req.method == http_method::post) {
    options.set(CURLOPT_POSTFIELDSIZE, static_cast<long>(req.body.size())).set(CURLOPT_POSTFIELDS, req.body.c_str());
  } else {
    options.set(CURLOPT_HTTPGET, 1L);
  }
  return std::move(options).outcome();
}

// Completes a transfer that never reached a multi handle, with `easy` (if any) made idle again.
void curl_transport::fail_at_once(std::unique_ptr<transfer_state> state, CURL* easy, transfer_error error,
                                  std::string message) {
  if (easy) recycle(easy);
  fail(state->result, error, std::move(message), clock_.now());
  state->t->complete(std::move(state->result));
}

// The one place a CURLMcode is checked (hiperfifo's mcode_or_die), always once libcurl has
// returned, never inside its callbacks. Throws for a code that means a bug here.
void curl_transport::check(const shard& s, CURLMcode code, const char* call) const {
  if (s.failure.call && s.failure.bug) throw std::logic_error(s.failure.message());  // met inside a callback
  if (code == CURLM_OK) return;
  // A socket libcurl closed after epoll_wait reported it: a stale event, nothing to do (as in hiperfifo).
  if (code == CURLM_BAD_SOCKET) return;
  // on_socket returned -1 and s.failure says why: poll() fails the shard's transfers with it.
  if (code == CURLM_ABORTED_BY_CALLBACK && s.failure.call) return;
  throw std::runtime_error(std::string(call) + ": " + curl_multi_strerror(code));
}

std::size_t curl_transport::on_body(char* data, std::size_t size, std::size_t count, void* opaque) noexcept {
  auto& r = static_cast<transfer_state*>(opaque)->result;
  const std::size_t n = size * count;
  try {
    if (r.body.size() < response::max_kept_body) r.body.append(data, std::min(n, response::max_kept_body - r.body.size()));
  } catch (const std::bad_alloc&) {
    return 0;  // no memory for the kept body: libcurl fails the transfer (CURLE_WRITE_ERROR)
  }
  r.body_bytes += n;
  return n;
}

// libcurl: the connection is ready and the request is about to be sent on it. A second call for
// one transfer is libcurl's own retry of a kept-alive connection that died before answering: hidden
// and up to 5 deep. It is stopped here, so that the http_client's rule (once, on a new connection,
// shown in the span) is the only one; the connection libcurl opened for it is wasted.
int curl_transport::on_prereq(void* opaque, char*, char*, int, int) noexcept {
  auto& state = *static_cast<transfer_state*>(opaque);
  if (++state.attempts > 1) return CURL_PREREQFUNC_ABORT;
  long connects = 0;  // so far in this transfer: none means the connection is a kept-alive one
  if (const char* problem = info_problem(state.easy, CURLINFO_NUM_CONNECTS, connects)) {
    state.owner->failure = {"curl_easy_getinfo(CURLINFO_NUM_CONNECTS)", problem, true};  // check() throws it
    return CURL_PREREQFUNC_ABORT;
  }
  state.result.reused_connection = connects == 0;
  return CURL_PREREQFUNC_OK;
}

// libcurl: watch `socket` for `what`, or stop watching it. A failure returns -1, which makes
// libcurl give up every transfer of this multi handle; s.failure keeps why.
int curl_transport::on_socket(CURL*, curl_socket_t socket, int what, void* opaque, void* socket_data) noexcept {
  auto& s = *static_cast<shard*>(opaque);
  const int epoll_fd = s.owner->epoll_fd_;
  if (what == CURL_POLL_REMOVE) {
    // EBADF, ENOENT: the socket is closed already, and closing took it out of the epoll set: harmless.
    if (::epoll_ctl(epoll_fd, EPOLL_CTL_DEL, socket, nullptr) != 0 && errno != EBADF && errno != ENOENT) {
      return socket_failed(s, "epoll_ctl(EPOLL_CTL_DEL)", std::strerror(errno), true);
    }
    return 0;
  }
  epoll_event event{};
  event.data.u64 = (std::uint64_t{s.index} << 32) | static_cast<std::uint32_t>(socket);  // which shard, which socket
  event.events = (what & CURL_POLL_IN ? EPOLLIN : 0u) | (what & CURL_POLL_OUT ? EPOLLOUT : 0u);
  const bool added = socket_data != nullptr;
  if (::epoll_ctl(epoll_fd, added ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, socket, &event) != 0) {
    // ENOMEM, ENOSPC (fs.epoll.max_user_watches): out of a resource. Any other errno: a bug here.
    const bool bug = errno != ENOMEM && errno != ENOSPC;
    return socket_failed(s, added ? "epoll_ctl(EPOLL_CTL_MOD)" : "epoll_ctl(EPOLL_CTL_ADD)", std::strerror(errno), bug);
  }
  if (!added) {
    if (const CURLMcode code = curl_multi_assign(s.multi, socket, &registered_marker); code != CURLM_OK) {
      return socket_failed(s, "curl_multi_assign", curl_multi_strerror(code), true);
    }
  }
  return 0;
}

int curl_transport::socket_failed(shard& s, const char* call, const char* reason, bool bug) noexcept {
  if (!s.failure.call || (bug && !s.failure.bug)) s.failure = {call, reason, bug};  // the first, or the first bug
  return -1;
}

// libcurl: call me back (CURL_SOCKET_TIMEOUT) in timeout_ms. It never fails (-1 would make libcurl
// give up every transfer of the multi handle), and never calls libcurl (it must not re-enter).
int curl_transport::on_timer(CURLM*, long timeout_ms, void* opaque) noexcept {
  auto& s = *static_cast<shard*>(opaque);
  if (timeout_ms < 0) s.deadline.reset();  // -1: the timer is off
  else s.deadline = s.owner->clock_.now() + std::chrono::milliseconds(timeout_ms);  // 0: due now, the next poll() does not wait
  return 0;
}

void curl_transport::socket_action(shard& s, curl_socket_t socket, int events) {
  int running = 0;
  check(s, curl_multi_socket_action(s.multi, socket, events, &running), "curl_multi_socket_action");
}

// Milliseconds epoll_wait may wait: until the earlier of `wake_by` and libcurl's timers, -1 if
// neither, 0 when a shard's transfers must be failed.
int curl_transport::wait_ms(std::optional<clock::time_point> wake_by) const {
  std::optional<clock::time_point> until = wake_by;
  for (const auto& s : shards_) {
    if (s->failure.call) return 0;
    if (s->deadline && (!until || *s->deadline < *until)) until = s->deadline;
  }
  if (!until) return -1;
  const auto left = *until - clock_.now();
  if (left <= clock::duration::zero()) return 0;  // due or past: look, do not wait
  // Round up: waking a little late costs a little, waking early costs a useless turn.
  const auto ms = std::chrono::ceil<std::chrono::milliseconds>(left).count();
  // Past int's range (24.8 days): wait that long, and the caller's next poll() waits for the rest.
  return static_cast<int>(std::min<std::int64_t>(ms, std::numeric_limits<int>::max()));
}

int curl_transport::wait_for_events(epoll_event* events, int capacity, std::optional<clock::time_point> wake_by) {
  for (;;) {
    const int n = ::epoll_wait(epoll_fd_, events, capacity, wait_ms(wake_by));
    if (n >= 0) return n;
    // EINTR: a signal (the CLI's SIGINT handler) came: wait again, for the time left.
    if (errno != EINTR) throw_errno(errno, "epoll_wait");
  }
}

// Empties the wake eventfd. EAGAIN: it was empty already (nothing to do); anything else is a bug.
void curl_transport::drain_wake() {
  std::uint64_t count = 0;
  if (::read(wake_fd_, &count, sizeof count) < 0 && errno != EAGAIN) throw_errno(errno, "read(eventfd)");
}

void curl_transport::poll(std::optional<clock::time_point> wake_by) {
  if (abandoned_) return wait_abandoned(wake_by);
  if (const int error = wake_errno_.exchange(0, std::memory_order_relaxed)) throw_errno(error, "write(eventfd)");
  std::array<epoll_event, 256> events;
  const int n = wait_for_events(events.data(), static_cast<int>(events.size()), wake_by);
  for (int i = 0; i < n; ++i) {
    const auto& event = events[static_cast<std::size_t>(i)];
    if (event.data.u64 == wake_event) {
      drain_wake();
      continue;
    }
    const int mask = (event.events & EPOLLIN ? CURL_CSELECT_IN : 0) | (event.events & EPOLLOUT ? CURL_CSELECT_OUT : 0) |
                     (event.events & (EPOLLERR | EPOLLHUP) ? CURL_CSELECT_ERR : 0);
    socket_action(*shards_[event.data.u64 >> 32], static_cast<curl_socket_t>(event.data.u64 & 0xffffffffU), mask);
  }
  const auto now = clock_.now();
  for (auto& s : shards_) {
    if (s->deadline && *s->deadline <= now) {
      s->deadline.reset();  // before the call: libcurl sets its next timer from inside it
      socket_action(*s, CURL_SOCKET_TIMEOUT, 0);
    }
    if (s->failure.bug) throw std::logic_error(s->failure.message());  // met where nothing could be thrown
    if (s->failure.call) fail_shard(*s);
    else complete_finished(*s);
  }
  if (cancelled_.load(std::memory_order_relaxed) && !active_.empty()) cancel_in_flight();
}

void curl_transport::abandon(const std::string& reason) {
  abandoned_ = reason;
  const auto now = clock_.now();
  // No code is checked from here: the first error is being thrown, and each handle is freed whatever it returns.
  while (!active_.empty()) {
    transfer_state* state = active_.back();
    curl_multi_remove_handle(state->owner->multi, state->easy);
    curl_easy_cleanup(state->easy);
    forget(state);
    fail(state->result, transfer_error::other, reason, now);
    state->t->complete(std::move(state->result));
    delete state;
  }
  for (auto& s : shards_) {
    curl_multi_cleanup(s->multi);  // closes its connections, so no socket stays in the epoll set
    *s = shard{this, s->index, nullptr, std::nullopt, {}};
  }
}

// Abandoned: neither libcurl nor the epoll set (either may be what broke) is used; only wake() and
// `wake_by` end the wait. An error other than EINTR only makes this turn short: one is being thrown.
void curl_transport::wait_abandoned(std::optional<clock::time_point> wake_by) noexcept {
  pollfd wake{wake_fd_, POLLIN, 0};
  int n = 0;
  while ((n = ::poll(&wake, 1, wait_ms(wake_by))) < 0 && errno == EINTR) {
  }
  std::uint64_t count = 0;
  if (n > 0 && (wake.revents & POLLIN) != 0) {
    [[maybe_unused]] const auto drained = ::read(wake_fd_, &count, sizeof count);
  }
}

void curl_transport::cancel_all() noexcept {
  cancelled_.store(true, std::memory_order_relaxed);
  wake();
}

// Runs on other threads and in the CLI's SIGINT handler: it throws nothing, and keeps errno.
void curl_transport::wake() noexcept {
  const int saved = errno;
  const std::uint64_t one = 1;
  // EAGAIN: the counter is full, so the loop is awake anyway. Anything else is a bug poll() throws.
  if (::write(wake_fd_, &one, sizeof one) < 0 && errno != EAGAIN) wake_errno_.store(errno, std::memory_order_relaxed);
  errno = saved;
}

void curl_transport::cancel_in_flight() {
  const auto now = clock_.now();
  while (!active_.empty()) {
    transfer_state* state = active_.back();
    fail(state->result, transfer_error::cancelled, "cancelled", now);
    finish(state, state->easy);
  }
}

// libcurl gave up every transfer of `s` when on_socket returned -1, and a multi handle stays so:
// its transfers fail with the reason, and the shard gets a new multi handle.
void curl_transport::fail_shard(shard& s) {
  const std::string why = s.failure.message();
  const auto now = clock_.now();
  for (std::size_t i = active_.size(); i-- > 0;) {  // downwards: forget() moves a later state into i
    if (active_[i]->owner != &s) continue;
    fail(active_[i]->result, transfer_error::other, why, now);
    finish(active_[i], active_[i]->easy);
  }
  check(s, curl_multi_cleanup(s.multi), "curl_multi_cleanup");
  s.multi = nullptr;
  s.deadline.reset();
  s.failure = {};
  if (!set_up_multi(s)) throw std::runtime_error("curl_multi_init failed (out of memory)");
}

// Gives the easy handle back, takes the transfer off the books and resumes its awaiter.
void curl_transport::finish(transfer_state* state, CURL* easy) {
  shard& s = *state->owner;
  const CURLMcode code = curl_multi_remove_handle(s.multi, easy);
  recycle(easy);
  forget(state);
  state->t->complete(std::move(state->result));
  delete state;
  check(s, code, "curl_multi_remove_handle");  // after the transfer is complete: a throw loses nothing
}

void curl_transport::forget(transfer_state* state) noexcept {
  active_.back()->position = state->position;
  active_[state->position] = active_.back();
  active_.pop_back();
}

// The transfer's connection from libcurl's timers (microseconds from its start; APPCONNECT is
// the TLS handshake's end, 0 for plain http): the connections it opened (0 or 1, as this transport
// stops libcurl's own retries).
std::size_t curl_transport::record_connection(CURL* easy, response& r) {
  const auto opened = static_cast<std::size_t>(info<long>(easy, CURLINFO_NUM_CONNECTS));
  if (opened == 0) {
    // Over a kept-alive connection, or none at all (refused before one was ready).
    r.connection = r.reused_connection ? connection_use::reused : connection_use::unknown;
    return 0;
  }
  const auto at = [&](CURLINFO timer) {
    return std::min(r.done, r.started + std::chrono::microseconds(info<curl_off_t>(easy, timer)));
  };
  r.connected = at(CURLINFO_CONNECT_TIME_T);
  const bool tls = info<curl_off_t>(easy, CURLINFO_APPCONNECT_TIME_T) > 0;
  r.connection = tls ? connection_use::opened_tls : connection_use::opened;
  if (tls) r.tls_done = at(CURLINFO_APPCONNECT_TIME_T);
  return opened;
}

void curl_transport::complete_finished(shard& s) {
  int left = 0;
  while (CURLMsg* message = curl_multi_info_read(s.multi, &left)) {
    if (message->msg != CURLMSG_DONE) continue;  // the only kind libcurl has ever sent; others would be new
    CURL* easy = message->easy_handle;
    const CURLcode code = message->data.result;
    auto* state = info<transfer_state*>(easy, CURLINFO_PRIVATE);
    response& r = state->result;
    const auto os_errno = info<long>(easy, CURLINFO_OS_ERRNO);
    const auto first_byte_us = info<curl_off_t>(easy, CURLINFO_STARTTRANSFER_TIME_T);
    r.done = clock_.now();
    connections_opened_ += record_connection(easy, r);
    r.first_byte = first_byte_us > 0 ? std::min(r.done, r.started + std::chrono::microseconds(first_byte_us)) : r.done;
    r.status = static_cast<int>(info<long>(easy, CURLINFO_RESPONSE_CODE));
    r.answer_started = info<long>(easy, CURLINFO_HEADER_SIZE) > 0 || r.body_bytes > 0;
    r.error = state->attempts > 1 ? transfer_error::connection_reset : error_of(code, os_errno);
    if (state->attempts > 1) {
      r.error_message = "the kept-alive connection closed before answering";
    } else if (r.error == transfer_error::tls) {
      r.error_message = state->error_text[0] != '\0' ? state->error_text.data() : curl_easy_strerror(code);
      if (first_tls_error_.empty()) first_tls_error_ = r.error_message;
    } else if (r.error != transfer_error::none) {
      r.error_message = curl_easy_strerror(code);
      if (os_errno != 0) r.error_message += std::string(" (") + std::strerror(static_cast<int>(os_errno)) + ")";
    }
    if (freed_shards_.size() < shards_.size() * per_shard) freed_shards_.push_back(s.index);
    finish(state, easy);
  }
}

}  // namespace crawlbench::native
