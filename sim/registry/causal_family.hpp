/// @file sim/registry/causal_family.hpp
/// The causal-bandit family: linear SEMs with soft interventions, the graph unknown
/// (Peng, Zhang, Mitra, IEEE TSP 2025; spec Part A). Its contract and time loop:
/// sim/families/causal/; its agents and environments: agents/causal/all.hpp,
/// envs/causal/all.hpp.
#pragma once

#include "sim/families/family.hpp"

namespace banditsim::causal {

class CausalFamily final : public Family {
 public:
  std::string_view name() const override { return "causal"; }
  std::string_view description() const override;
  std::span<const ComponentInfo> agents() const override;
  std::span<const ComponentInfo> environments() const override;
  std::span<const MetricInfo> metrics() const override;
  std::span<const ParamSpec> step_axes() const override;
  std::span<const ParamSpec> run_params() const override;
  std::vector<std::string> example_scenarios() const override;
  std::unique_ptr<const PreparedCell> prepare(const Cell& cell,
                                              std::uint64_t master_seed) const override;
};

}  // namespace banditsim::causal
