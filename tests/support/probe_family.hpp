/// @file tests/support/probe_family.hpp
/// A small family that exists only in the test suite and uses every feature of
/// the family contract (sim/families/family.hpp), so the contract is tested
/// independently of the real families:
///   - prepare(): a per-cell exact solve (row sums of a matrix parameter);
///   - reference values: a scalar, an array along its own dimension `row` whose
///     size differs between cells, and a per-agent bound;
///   - metrics of every kind: a curve, a final-only value, a categorical outcome,
///     a curve that does not apply to one of the agents, and a vector metric along
///     `row` whose extent differs between cells;
///   - a matrix parameter (env.weights), its own step axis ("iterations") and
///     its own [run] key (run.threshold).
///
/// The numbers are simple enough to check by hand: in replication r, agent i
/// draws u_1, u_2, ... uniform on [0, 1) from its stream, and
///   score(t)      = sum_{s <= t} w * u_s          (w = weights[0][0], a curve)
///   first_high    = first s with u_s > threshold (run.threshold, default 0.9),
///                   else horizon + 1             (final-only)
///   last_bucket   = floor(3 u_T)                 (categorical, 0, 1 or 2)
///   graph_error   = t * scale (a curve; only for agents of kind probe_learner)
///   row_share_j   = row_sum_j * u_T, j < rows of env.weights (a vector metric)
#pragma once

#include "sim/families/family.hpp"

namespace banditsim::testing {

class ProbeFamily final : public Family {
 public:
  enum Metric : std::size_t {
    kScore = 0,
    kFirstHigh,
    kLastBucket,
    kGraphError,
    kRowShare,  ///< A vector metric: component j at index kRowShare + j.
    kNumMetrics
  };

  std::string_view name() const override { return "probe"; }
  std::string_view description() const override {
    return "test-only family exercising every feature of the family contract";
  }
  std::span<const ComponentInfo> agents() const override;
  std::span<const ComponentInfo> environments() const override;
  std::span<const MetricInfo> metrics() const override;
  std::span<const ParamSpec> step_axes() const override;
  std::span<const ParamSpec> run_params() const override;
  std::vector<std::string> example_scenarios() const override;
  std::unique_ptr<const PreparedCell> prepare(const Cell& cell,
                                              std::uint64_t master_seed) const override;

  /// How many times prepare() has run (the engine must call it once per cell).
  static int prepare_calls();
};

/// A scenario text of the probe family with `cells` cells (a sweep over the
/// matrix's row count); `extra_run` is added to [run].
std::string probe_scenario(int replications, int iterations, const std::string& extra_run = "");

}  // namespace banditsim::testing
