#include "interrupt.hpp"

#include <csignal>

#include <atomic>

namespace crawlbench::cli {

namespace {
// Touched by the handler: lock-free atomics only, and cancel_all() (an atomic store and a write()
// to an eventfd) is async-signal-safe.
volatile std::sig_atomic_t interrupted_flag = 0;
std::atomic<native::curl_transport*> watched{nullptr};
struct sigaction previous {};
static_assert(std::atomic<native::curl_transport*>::is_always_lock_free);

void on_sigint(int) {
  interrupted_flag = 1;
  if (auto* transport = watched.load()) transport->cancel_all();
  sigaction(SIGINT, &previous, nullptr);  // a second Ctrl-C ends the process
}
}  // namespace

interrupt_guard::interrupt_guard() {
  interrupted_flag = 0;
  struct sigaction action {};
  action.sa_handler = &on_sigint;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &previous);
}

interrupt_guard::~interrupt_guard() {
  watched.store(nullptr);
  sigaction(SIGINT, &previous, nullptr);
}

bool interrupt_guard::interrupted() noexcept { return interrupted_flag != 0; }

void interrupt_guard::watch(native::curl_transport* transport) noexcept {
  watched.store(transport);
  if (transport && interrupted()) transport->cancel_all();  // a Ctrl-C just before
}

}  // namespace crawlbench::cli
