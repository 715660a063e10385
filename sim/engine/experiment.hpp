/// @file sim/engine/experiment.hpp
/// Running a scenario: cells x replications in parallel, journaled, reduced in a
/// fixed order and written as one results file.
///
///   pending (cell, block) tasks --tbb::parallel_for--> BlockStatistics
///   --main thread--> journal (OUTPUT.partial) + progress
///   journal --combine blocks in order--> CellStatistics --> OUTPUT.tmp --rename--> OUTPUT
///
/// Compute threads run in a task arena; the main thread only journals and draws
/// progress (and will serve MPI in the cluster build), so --threads N means N
/// computing threads.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "sim/engine/progress.hpp"
#include "sim/scenario/scenario.hpp"

namespace banditsim {

struct RunOptions {
  int threads = 0;  ///< Computing threads; 0 = all cores.
  bool resume = false;
  bool force = false;  ///< Overwrite an existing output or journal.
  ProgressMode progress = ProgressMode::kAuto;
  std::string command_line;
  /// Compute only this many blocks, then stop as if interrupted (0: no limit).
  /// A deterministic seam for the resume tests.
  std::size_t stop_after_blocks = 0;
};

struct RunOutcome {
  bool completed = false;  ///< False if interrupted (the journal keeps the work).
  /// --resume found the results file already complete for this scenario: nothing ran.
  bool already_complete = false;
  std::filesystem::path output;
  std::size_t blocks_total = 0;
  std::size_t blocks_resumed = 0;  ///< Taken from the journal of an earlier run.
  std::size_t blocks_computed = 0;
  double wall_seconds = 0;
  double steps_computed = 0;
};

/// The journal that belongs to an output path.
std::filesystem::path journal_path(const std::filesystem::path& output);

/// Runs `scenario` and writes its results file. Throws RuntimeFailure when the
/// output cannot be written or a journal does not belong to this scenario, and
/// ConfigError-free: the scenario is already validated.
RunOutcome run_scenario(const Scenario& scenario, const RunOptions& options);

}  // namespace banditsim
