/// @file sim/engine/experiment.hpp
/// Running a scenario, or one shard of it: plan, execute, reduce.
///
///   WorkPlan (cells x blocks; a shard's subset)
///     --execute: TBB threads, and other MPI ranks through a Distributor-->
///   finished blocks --main thread--> journal (OUTPUT.partial) + progress
///     --Reducer: fold blocks in order--> OUTPUT.tmp --rename--> OUTPUT
///
/// A shard run stops before the reducer: its finished journal is the shard file
/// (OUTPUT.shard-I-of-N), and `banditsim merge` reduces the shards.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "sim/engine/progress.hpp"
#include "sim/engine/work_plan.hpp"
#include "sim/scenario/scenario.hpp"

namespace banditsim {

class Distributor;

struct RunOptions {
  int threads = 0;  ///< Computing threads; 0 = all cores.
  bool resume = false;
  /// Overwrite an existing output; with resume, start over if the journal
  /// belongs to another run (its saved blocks are discarded, with a note).
  bool force = false;
  ProgressMode progress = ProgressMode::kAuto;
  std::string command_line;
  /// The command that continues this run (for messages); "" = none known.
  std::string resume_command;
  ShardSpec shard;                     ///< One shard, or the whole run.
  Distributor* distributor = nullptr;  ///< Other MPI ranks, or none.
  /// Work per block (0: BlockLayout::kTargetBlockSteps). A seam for tests that
  /// need many blocks from a small scenario; part of the journal's identity.
  double block_steps = 0;
  /// Compute only this many blocks, then stop as if interrupted (0: no limit).
  /// A deterministic seam for the resume tests.
  std::size_t stop_after_blocks = 0;
};

struct RunOutcome {
  bool completed = false;  ///< False if interrupted (the journal keeps the work).
  /// --resume found the product already complete for this scenario: nothing ran.
  bool already_complete = false;
  std::filesystem::path output;    ///< The results file, or the shard file.
  std::size_t blocks_total = 0;    ///< Of this run (or shard).
  std::size_t blocks_resumed = 0;  ///< Taken from the journal of an earlier run.
  std::size_t blocks_computed = 0;
  std::size_t damaged_records = 0;  ///< Dropped from the journal (recomputed).
  std::string note;                 ///< Something the user should know (a discarded journal).
  double wall_seconds = 0;
  double steps_computed = 0;
};

/// The journal that belongs to an output path.
std::filesystem::path journal_path(const std::filesystem::path& output);
/// The shard file of `output` for `shard` ("OUTPUT.shard-I-of-N").
std::filesystem::path shard_path(const std::filesystem::path& output, const ShardSpec& shard);

/// Runs `scenario` (or options.shard of it) and writes its results file (or its
/// shard file). Throws RuntimeFailure when the output cannot be written or a
/// journal does not belong to this run. The scenario is already validated.
RunOutcome run_scenario(const Scenario& scenario, const RunOptions& options);

}  // namespace banditsim
