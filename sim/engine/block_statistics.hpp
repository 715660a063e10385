/// @file sim/engine/block_statistics.hpp
/// Statistics of one work block (a run of consecutive replications of one cell),
/// and how blocks combine into a cell's statistics.
///
/// Reproducibility: a block's replications are accumulated in replication order
/// (Welford), and blocks are combined in block order (Chan, Golub, LeVeque 1979:
/// "Updating formulae and a pairwise algorithm for computing sample variances").
/// The block split depends only on the number of replications, never on threads,
/// so every run of a scenario performs the same floating-point operations in the
/// same order and the results are bit-identical.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "sim/engine/work_plan.hpp"
#include "sim/families/replication_output.hpp"
#include "sim/output/results_model.hpp"

namespace banditsim {

/// Sufficient statistics of one block. The moment arrays follow the replication
/// buffer's layout (sim/families/replication_output.hpp: agent-major, a curve
/// metric one slot per record, other metrics one slot); finals are laid out
/// [metric][agent][rep-in-block]; kept curves (run.store_curves) are the raw
/// replication buffers, [rep-in-block][agent][slot].
struct BlockStatistics {
  std::uint32_t cell = 0;
  std::uint32_t block = 0;        ///< The first block covered.
  std::uint32_t blocks = 1;       ///< Blocks covered: 1, or all of a folded cell.
  std::uint32_t count = 0;        ///< Replications accumulated.
  std::vector<double> mean;       ///< Of each curve point.
  std::vector<double> m2;         ///< Sum of squared deviations from the mean.
  std::vector<double> diff_mean;  ///< Of (agent - first agent), per curve point.
  std::vector<double> diff_m2;
  std::vector<double> finals;  ///< Final value (last record) of each replication.
  std::vector<double> curves;  ///< Every replication's buffer, if kept; else empty.

  /// Empty statistics for a block of `reps` replications.
  BlockStatistics(std::uint32_t cell, std::uint32_t block, const OutputLayout& layout,
                  std::size_t reps, bool keep_curves = false);
  BlockStatistics() = default;

  /// Adds one replication's buffer, in replication order.
  void add_replication(std::span<const double> buffer, const OutputLayout& layout);

  /// Number of doubles in the serialized payload (for journal checks).
  static std::size_t payload_size(const OutputLayout& layout, std::size_t reps,
                                  bool keep_curves = false);
  /// Slots of the moment arrays, and final values per replication (agents x metrics).
  std::size_t slots() const { return mean.size(); }
  std::size_t finals_per_rep() const { return count ? finals.size() / count : 0; }
};

/// Folds consecutive blocks of one cell, given in block order, into one block
/// covering them all (Chan's merge, in block order). combine_blocks of the folded
/// block gives bit for bit what combine_blocks of the parts gives, so a cell can
/// be folded as soon as its blocks are in (the journal does) or at the end.
BlockStatistics fold_blocks(std::span<const BlockStatistics> blocks);

/// Combines a cell's blocks, given in block order, into the statistics the
/// output writer takes. `t_index` maps the cell's record steps into the file's t.
CellStatistics combine_blocks(std::span<const BlockStatistics> blocks, const OutputLayout& layout,
                              std::size_t total_reps, std::vector<std::size_t> t_index);

}  // namespace banditsim
