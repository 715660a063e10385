#include "sim/engine/interrupt.hpp"

#include <atomic>
#include <csignal>

namespace banditsim {
namespace {
std::atomic<bool> g_interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free, "used from a signal handler");

extern "C" void on_stop_signal(int signal) {
  g_interrupted.store(true, std::memory_order_relaxed);
  if (signal == SIGINT) std::signal(SIGINT, SIG_DFL);  // a second Ctrl-C kills
}
}  // namespace

void install_interrupt_handlers() {
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  std::signal(SIGUSR1, on_stop_signal);
}

bool interrupt_requested() { return g_interrupted.load(std::memory_order_relaxed); }
void request_interrupt() { g_interrupted.store(true, std::memory_order_relaxed); }
void clear_interrupt() { g_interrupted.store(false, std::memory_order_relaxed); }

}  // namespace banditsim
