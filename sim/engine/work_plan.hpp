/// @file sim/engine/work_plan.hpp
/// The plan of a run: every cell's replications cut into blocks, and the list
/// of work items (cell, block) that executors compute and the reducer folds.
///
/// A cell's block layout depends only on its own replications and the work of
/// one replication (horizon x agents), never on threads, ranks, shards or the
/// other cells, so a cell's numbers are the same in any run that contains it.
/// Blocks are sized by work: about kTargetBlockSteps steps each (some 10 ms at
/// 100 M steps/s: enough blocks to keep threads busy, few enough that their
/// bookkeeping costs nothing), at most kMaxBlocksPerCell per cell. Small cells
/// are one block, which keeps the journal of a 10,000-cell sweep near the size
/// of its results.
///
/// Items are numbered cell-major, then block. Shard I of N takes a contiguous
/// run of items holding about 1/N of the steps: boundaries where the running
/// total of steps passes I/N of the whole. Contiguous, so that a shard holds
/// whole cells (at most two partly), which it can fold as it goes: with a
/// cyclic split every cell's blocks would be spread over all shards, and each
/// shard file would keep every block of every cell. The rule depends only on
/// the plan, so every shard computes the same split.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace banditsim {

struct Scenario;

/// How one cell's replications are grouped into blocks.
struct BlockLayout {
  static constexpr std::int64_t kMaxBlocksPerCell = 256;
  /// About this many steps per block (a block is the unit of work and of the journal).
  static constexpr double kTargetBlockSteps = 1e6;
  std::int64_t replications = 0;
  std::int64_t block_size = 0;  ///< Replications per block (the last may be shorter).
  std::int64_t num_blocks = 0;

  /// Blocks of about `block_steps` steps (`steps_per_replication` each).
  static BlockLayout for_cell(std::int64_t replications, double steps_per_replication,
                              double block_steps = kTargetBlockSteps);
  /// Blocks of `block_size` replications.
  static BlockLayout of_size(std::int64_t replications, std::int64_t block_size);
  std::int64_t first_rep(std::int64_t block) const { return block * block_size; }
  std::int64_t reps_in(std::int64_t block) const;
};

struct WorkItem {
  std::uint32_t cell = 0;
  std::uint32_t block = 0;
  double steps = 0;  ///< Agent-steps (progress and balancing).
};

/// Shard I of N (0-based I), or the whole run.
struct ShardSpec {
  std::uint32_t index = 0;
  std::uint32_t count = 1;
  bool whole() const { return count == 1; }
  /// "0/3"
  std::string to_string() const;
  /// Parses "I/N" (0 <= I < N); throws std::invalid_argument with a message.
  static ShardSpec parse(const std::string& text);
  /// From SLURM_ARRAY_TASK_ID (minus SLURM_ARRAY_TASK_MIN) and SLURM_ARRAY_TASK_COUNT
  /// (or MAX - MIN + 1) when they are set; nullopt otherwise. Throws
  /// std::invalid_argument if they are set but inconsistent.
  static std::optional<ShardSpec> from_slurm_environment();
};

class WorkPlan {
 public:
  WorkPlan() = default;
  /// `block_steps`: the work per block (tests make it small to get many blocks).
  static WorkPlan for_scenario(const Scenario& scenario,
                               double block_steps = BlockLayout::kTargetBlockSteps);
  /// The plan with given block sizes per cell (a merge uses the shards' layout).
  static WorkPlan with_block_sizes(const Scenario& scenario,
                                   const std::vector<std::int64_t>& block_sizes);

  const std::vector<BlockLayout>& cells() const { return cells_; }
  const BlockLayout& cell(std::size_t c) const { return cells_[c]; }
  const std::vector<WorkItem>& items() const { return items_; }
  /// The items of one shard, in item order (possibly none if N exceeds the items).
  std::vector<WorkItem> shard(const ShardSpec& shard) const;
  double total_steps() const;

 private:
  void add_cell(const Scenario& scenario, const BlockLayout& layout);
  std::vector<BlockLayout> cells_;
  std::vector<WorkItem> items_;
};

}  // namespace banditsim
