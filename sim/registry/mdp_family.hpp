/// @file sim/registry/mdp_family.hpp
/// The mdp family: off-policy policy evaluation on finite MDPs with linear
/// features (Zanette, ICML 2023; Sutton & Barto 2018, ch. 11; spec
/// ../shared/specs/papers-offpolicy.md). Its contract, exact module and time loop:
/// sim/families/mdp/; its agents and environments: agents/mdp/all.hpp,
/// envs/mdp/all.hpp.
#pragma once

#include "sim/families/family.hpp"

namespace banditsim::mdp {

class MdpFamily final : public Family {
 public:
  std::string_view name() const override { return "mdp"; }
  std::string_view description() const override;
  std::span<const ComponentInfo> agents() const override;
  std::span<const ComponentInfo> environments() const override;
  std::span<const MetricInfo> metrics() const override;
  std::span<const ParamSpec> step_axes() const override;
  std::vector<std::string> example_scenarios() const override;
  std::unique_ptr<const PreparedCell> prepare(const Cell& cell,
                                              std::uint64_t master_seed) const override;
};

}  // namespace banditsim::mdp
