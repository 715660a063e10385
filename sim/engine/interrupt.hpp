/// @file sim/engine/interrupt.hpp
/// Graceful stop on SIGINT, SIGTERM and SIGUSR1 (SLURM sends SIGTERM at the time
/// limit, or SIGUSR1 with --signal). The handler only sets a flag; the runner
/// stops handing out work, journals what finished, and exits so that --resume
/// continues. A second SIGINT kills the process at once (the journal stays valid).
#pragma once

namespace banditsim {

void install_interrupt_handlers();
bool interrupt_requested();
/// Sets the flag as a signal would (tests, and the MPI coordinator later).
void request_interrupt();
void clear_interrupt();

}  // namespace banditsim
