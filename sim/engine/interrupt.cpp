#include "sim/engine/interrupt.hpp"

#include <csignal>

#include "sim/core/stop_flag.hpp"

namespace banditsim {
namespace {
extern "C" void on_stop_signal(int signal) {
  request_stop();
  if (signal == SIGINT) std::signal(SIGINT, SIG_DFL);  // a second Ctrl-C kills
}
}  // namespace

void install_interrupt_handlers() {
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  std::signal(SIGUSR1, on_stop_signal);
}

bool interrupt_requested() { return stop_requested(); }
void request_interrupt() { request_stop(); }
void clear_interrupt() { clear_stop(); }

}  // namespace banditsim
