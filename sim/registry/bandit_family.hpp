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
};

}  // namespace banditsim::bandit
