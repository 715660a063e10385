/// @file sim/families/family.hpp
/// The contract between the engine and a problem family (bandit, causal, mdp, ...).
///
/// Families do not share a step signature (DESIGN.md, "Problem families"), so the
/// engine only asks a family for two things: what it offers (components and
/// metrics), and a CellRunner that simulates one replication of every agent of
/// a cell. The engine calls the runner once per replication (one virtual call);
/// inside, the family dispatches once per agent with std::visit to a fully
/// inlined time loop. The engine owns replications, threads, statistics and output.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "sim/core/component.hpp"
#include "sim/scenario/cell.hpp"

namespace banditsim {

/// Simulates replications of one cell. Created per work block, used by one
/// thread, reused across the replications of the block (no per-step allocation).
class CellRunner {
 public:
  virtual ~CellRunner() = default;

  /// Runs replication `rep` of every agent of the cell, in cell order, and writes
  /// the metric curves into `curves`, laid out [agent][metric][record] (row-major;
  /// size = agents x metrics x record_steps). Must depend only on (cell, master
  /// seed, rep): the engine relies on that for reproducibility.
  virtual void run_replication(std::uint64_t rep, std::span<double> curves) = 0;
};

class Family {
 public:
  virtual ~Family() = default;

  virtual std::string_view name() const = 0;
  /// One paragraph for `banditsim list`.
  virtual std::string_view description() const = 0;
  virtual std::span<const ComponentInfo> agents() const = 0;
  virtual std::span<const ComponentInfo> environments() const = 0;
  virtual std::span<const MetricInfo> metrics() const = 0;

  /// Builds the components of `cell` and checks that they fit together (for
  /// example, a budget smaller than the number of arms). Throws ConfigError.
  /// The scenario loader calls this for every cell, so a run never starts with a
  /// cell that would fail halfway.
  virtual std::unique_ptr<CellRunner> make_runner(const Cell& cell,
                                                  std::uint64_t master_seed) const = 0;
};

}  // namespace banditsim
