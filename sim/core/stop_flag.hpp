/// @file sim/core/stop_flag.hpp
/// The process-wide request to stop: set by a signal handler (SIGINT, SIGTERM,
/// SIGUSR1; sim/engine/interrupt.hpp), by tests, or by a coordinator. The engine
/// stops handing out work when it is set, and a family's time loop polls it
/// every few tens of thousands of steps and returns early, so a stop takes
/// effect within a fraction of a second however long a replication is. A
/// replication that returned early is incomplete: the engine discards the whole
/// block containing it (sim/families/family.hpp, CellRunner::run_replication).
///
/// One lock-free atomic, so it may be set from a signal handler; relaxed
/// ordering: the flag carries no data, a reader only needs to see it eventually.
#pragma once

#include <atomic>

namespace banditsim {

namespace detail {
inline std::atomic<bool> g_stop_requested{false};
static_assert(std::atomic<bool>::is_always_lock_free, "set from a signal handler");
}  // namespace detail

/// Whether a stop was requested. A relaxed load: cheap enough for a time loop
/// to call every few thousand steps.
inline bool stop_requested() noexcept {
  return detail::g_stop_requested.load(std::memory_order_relaxed);
}

/// Requests a stop (async-signal-safe).
inline void request_stop() noexcept {
  detail::g_stop_requested.store(true, std::memory_order_relaxed);
}

/// Withdraws the request (tests; a new run in the same process).
inline void clear_stop() noexcept {
  detail::g_stop_requested.store(false, std::memory_order_relaxed);
}

}  // namespace banditsim
