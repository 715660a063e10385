/// @file sim/registry/linear_query_family.hpp
/// The linear_query family: pure exploration with a query budget in sparse misspecified
/// linear bandits (Dong & Yang, "Does Sparsity Help in Learning Misspecified Linear
/// Bandits?", ICML 2023; spec ../shared/specs/papers-causal-sparse.md Part B). Its contract
/// and loop: sim/families/linear_query/ (why a family of its own: concepts.hpp); its agents
/// and environment: agents/linear_query/all.hpp, envs/linear_query/all.hpp.
#pragma once

#include "sim/families/family.hpp"

namespace banditsim::linear_query {

class LinearQueryFamily final : public Family {
 public:
  std::string_view name() const override { return "linear_query"; }
  std::string_view description() const override;
  std::span<const ComponentInfo> agents() const override;
  std::span<const ComponentInfo> environments() const override;
  std::span<const MetricInfo> metrics() const override;
  std::span<const ParamSpec> step_axes() const override;
  std::vector<std::string> example_scenarios() const override;
  std::unique_ptr<const PreparedCell> prepare(const Cell& cell,
                                              std::uint64_t master_seed) const override;
};

}  // namespace banditsim::linear_query
