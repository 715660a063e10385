/// @file sim/scenario/record_schedule.hpp
/// Which steps of a replication are recorded: every k steps, or log-spaced.
/// The last step (the horizon) is always recorded, so final values exist.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace banditsim {

/// The most records a curve may have (record_log_points allows as many): each is
/// kept per agent and metric in every work block, so `record_every = 1` with a
/// horizon of 1e12 would allocate terabytes.
inline constexpr std::int64_t kMaxRecords = 1'000'000;

struct RecordSchedule {
  enum class Kind {
    kEvery,  ///< Steps k, 2k, 3k, ... (run.record_every = k).
    kLog,    ///< About n steps spaced evenly in log t (run.record_log_points = n).
  };
  Kind kind = Kind::kEvery;
  /// k for kEvery, n for kLog; 0 for kEvery means "about 100 evenly spaced points".
  std::int64_t value = 0;

  /// The recorded steps for a horizon: ascending, distinct, 1-based, last == horizon.
  std::vector<std::int64_t> steps(std::int64_t horizon) const;
  /// How many steps `steps(horizon)` returns at most, without making them.
  std::int64_t max_count(std::int64_t horizon) const;
  /// Canonical text ("every 100", "every auto", "log 50").
  std::string describe() const;
};

}  // namespace banditsim
