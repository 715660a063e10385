/// @file sim/engine/interrupt.hpp
/// Graceful stop on SIGINT, SIGTERM and SIGUSR1 (SLURM sends SIGTERM at the time
/// limit, or SIGUSR1 with --signal). The handler only sets the stop flag
/// (sim/core/stop_flag.hpp); the runner stops handing out work, the families'
/// time loops return early, the runner journals what finished, and exits so that
/// --resume continues. A second SIGINT kills the process at once (the journal
/// stays valid).
#pragma once

namespace banditsim {

void install_interrupt_handlers();
/// Same as stop_requested().
bool interrupt_requested();
/// Sets the flag as a signal would (tests, and the MPI coordinator later);
/// same as request_stop().
void request_interrupt();
/// Same as clear_stop().
void clear_interrupt();

}  // namespace banditsim
