/// @file sim/engine/progress.hpp
/// Progress of a long run on stderr: a live bar with rate and ETA when stderr is
/// a terminal, otherwise a self-contained line about every 30 seconds (batch
/// logs, SLURM), nothing when quiet. Only the main thread draws; workers just
/// add to an atomic counter.
#pragma once

#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>

namespace banditsim {

enum class ProgressMode {
  kAuto,    ///< Bar on a terminal (TERM != dumb), plain lines otherwise.
  kAlways,  ///< Bar even when stderr is not a terminal.
  kNever,   ///< Nothing.
};

/// Parses "auto", "always", "never"; throws std::invalid_argument otherwise.
ProgressMode parse_progress_mode(std::string_view text);

class ProgressReporter {
 public:
  ProgressReporter(ProgressMode mode, double total_steps, double already_done = 0,
                   std::FILE* out = stderr, double plain_interval_seconds = 30.0);

  /// Redraws if enough time has passed (bar: 10 Hz; plain: the interval).
  void update(double done_steps);
  /// Final redraw and newline (bar), or a last line (plain).
  void finish(double done_steps);

  /// "00:01:23" (or "1d 02:03:04").
  static std::string format_duration(double seconds);
  /// "12.3M" style.
  static std::string format_count(double value);

 private:
  void draw(double done_steps, bool final);

  enum class Style { kBar, kPlain, kNone };
  Style style_;
  double total_;
  double start_done_;
  std::FILE* out_;
  double interval_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  bool drawn_ = false;
};

}  // namespace banditsim
