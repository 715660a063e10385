/// @file sim/registry/bandit_family.hpp
/// The stochastic-bandit family: K-armed and linear bandits, regret and
/// best-arm identification. Its contract and time loop: sim/families/bandit/;
/// its agents and environments: agents/bandit/all.hpp, envs/bandit/all.hpp.
#pragma once

#include "sim/families/family.hpp"

namespace banditsim::bandit {

class BanditFamily final : public Family {
 public:
  std::string_view name() const override { return "bandit"; }
  std::string_view description() const override;
  std::span<const ComponentInfo> agents() const override;
  std::span<const ComponentInfo> environments() const override;
  std::span<const MetricInfo> metrics() const override;
  std::span<const ParamSpec> step_axes() const override;
  std::vector<std::string> example_scenarios() const override;
  std::unique_ptr<const PreparedCell> prepare(const Cell& cell,
                                              std::uint64_t master_seed) const override;

  /// The privacy audit of a dp_ucb agent: outcome pull_sequence, its epsilon, and cells
  /// on reward tables (the cell's reward_table, or K x T Bernoulli(mean) draws from
  /// request.seed for a Bernoulli cell) that differ in one entry: (a) x[a][0] set to the
  /// other extreme, for each arm a < min(K, 4); (b) request.random_cases fresh random
  /// tables with one random entry (arm, column < T) flipped 0 <-> 1. Throws ConfigError
  /// naming the agent when it is not private (another kind, or epsilon = inf), when K^T >
  /// 2^53 (no pull_sequence), or when the environment cannot be turned into a table.
  std::optional<AuditPlan> audit_plan(const Cell& cell, std::size_t agent,
                                      const AuditRequest& request) const override;
};

}  // namespace banditsim::bandit
