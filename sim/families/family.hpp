/// @file sim/families/family.hpp
/// The contract between the engine and a problem family (bandit, causal, mdp, ...).
///
/// Families do not share a step signature (DESIGN.md, "Problem families"), so the
/// engine asks a family only for what it offers (components, metrics, the words
/// its scenarios use) and for two phases of work:
///
///   Family::prepare(cell)        once per cell: instance-independent work (an
///                                exact TD solution, a G-optimal design, the
///                                theory bounds of a cell) and every check that
///                                the cell's components fit together. The
///                                scenario loader prepares every cell, so a run
///                                never starts with a cell that would fail.
///   PreparedCell::make_runner()  once per work block: a CellRunner that one
///                                thread reuses for the block's replications.
///   CellRunner::run_replication  once per replication (one virtual call);
///                                inside, the family dispatches once per agent
///                                with std::visit to a fully inlined time loop.
///
/// The engine owns replications, threads, statistics and output.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/component.hpp"
#include "sim/families/audit_plan.hpp"
#include "sim/families/reference_value.hpp"
#include "sim/families/replication_output.hpp"
#include "sim/scenario/cell.hpp"

namespace banditsim {

/// Simulates replications of one cell. Created per work block, used by one
/// thread, reused across the replications of the block (no per-step allocation).
class CellRunner {
 public:
  virtual ~CellRunner() = default;

  /// Runs replication `rep` of every agent of the cell, in cell order, and writes
  /// each agent's metrics into `output` (see ReplicationOutput). Must depend only
  /// on (cell, master seed, rep): the engine relies on that for reproducibility.
  /// Slots of metrics that do not apply to an agent (PreparedCell::applies) may
  /// be left alone: the engine overwrites them with the declared fill value.
  ///
  /// A replication may return early when stop_requested() (sim/core/stop_flag.hpp);
  /// the engine then discards the whole block containing it. A family's time loop
  /// polls the flag every few tens of thousands of steps (and any long per-
  /// replication work outside the loop polls it too), so that a stop (SIGTERM at
  /// a time limit) takes effect within a second however long a replication is.
  virtual void run_replication(std::uint64_t rep, ReplicationOutput& output) = 0;
};

/// A cell after Family::prepare: what every block of the cell shares.
/// Immutable and shared between threads once made.
class PreparedCell {
 public:
  virtual ~PreparedCell() = default;

  /// A runner for one work block (one thread). The runner may refer to this
  /// prepared cell: keep it alive while its runners run.
  virtual std::unique_ptr<CellRunner> make_runner() const = 0;

  /// Whether metric `metric` (index into Family::metrics()) means anything for
  /// agent `agent` of this cell. Where it does not, the results hold the fill
  /// value (NaN; -1 for categorical outcomes), never a made-up zero.
  virtual bool applies(std::size_t /*agent*/, std::size_t /*metric*/) const { return true; }

  /// The work of one agent-step of this cell relative to a bandit step (~10 ns).
  /// The work plan sizes blocks by horizon x agents x step_cost, so that a family
  /// whose steps cost 100 us (structure learning over 1024 actions) still gets
  /// blocks of some 10 ms to 1 s, enough of them to keep every thread busy. A
  /// function of the cell only (never of threads or timing): the block layout,
  /// and with it the numbers, must not depend on the run.
  virtual double step_cost() const { return 1.0; }

  /// True if the cell has no randomness, so that every replication gives the same
  /// numbers (the mdp family's expected updates). The conformance battery then
  /// checks that replications agree instead of that they differ.
  virtual bool deterministic() const { return false; }

  /// The size of dimension `dimension` in this cell, for vector metrics
  /// (MetricInfo::extent): the number of features of an mdp cell. 0 if the cell has
  /// no such dimension.
  virtual std::size_t extent(std::string_view /*dimension*/) const { return 0; }

  /// Named reference values of the cell (exact solutions, a paper's bounds,
  /// estimates) for the results file; see reference_value.hpp.
  virtual std::vector<ReferenceValue> reference() const { return {}; }
};

class Family {
 public:
  virtual ~Family() = default;

  virtual std::string_view name() const = 0;
  /// One paragraph for `banditsim list`.
  virtual std::string_view description() const = 0;
  virtual std::span<const ComponentInfo> agents() const = 0;
  virtual std::span<const ComponentInfo> environments() const = 0;
  /// Every metric the family records, in the order of the results file. Each says
  /// its kind (a curve over the step axis, a final value, a categorical outcome).
  virtual std::span<const MetricInfo> metrics() const = 0;

  /// The names a scenario may give the step count in [run] ("horizon", "budget",
  /// "iterations", "samples", ...), each with one line of help. Exactly one of
  /// them is given in a scenario; the results file names its variable so.
  virtual std::span<const ParamSpec> step_axes() const = 0;

  /// The family's own [run] keys beyond the engine's (seed, replications, the
  /// step axis, record_*, output, ...). Their validated values, defaults filled,
  /// are in Cell::run; they can be swept like any key.
  virtual std::span<const ParamSpec> run_params() const { return {}; }

  /// Small scenario texts (TOML) that together use every agent and environment
  /// of the family: the conformance battery (tests/conformance) runs their cells.
  virtual std::vector<std::string> example_scenarios() const = 0;

  /// Builds and checks the cell once (see the file comment). Throws ConfigError
  /// naming the component and key when the cell's parts do not fit together.
  virtual std::unique_ptr<const PreparedCell> prepare(const Cell& cell,
                                                      std::uint64_t master_seed) const = 0;

  /// The privacy audit of agent `agent` (index into cell.agents) of `cell`: its
  /// configured epsilon, its output metric and the neighbouring cells to run it on
  /// (see audit_plan.hpp). std::nullopt if the family has no private agents.
  /// Throws ConfigError naming the agent when that agent is not private, or when
  /// the cell's environment cannot be turned into reward tables.
  virtual std::optional<AuditPlan> audit_plan(const Cell& /*cell*/, std::size_t /*agent*/,
                                              const AuditRequest& /*request*/) const {
    return std::nullopt;
  }
};

}  // namespace banditsim
