/// @file sim/registry/continual_family.hpp
/// The continual family: MaxSum under continual observation, differentially private
/// (tree-based and sparse-vector mechanisms) against a batch release and the exact
/// maximum (Jain, Raskhodnikova, Sivakumar, Smith, "The Price of Differential Privacy
/// under Continual Observation", ICML 2023; spec ../shared/specs/papers-dp.md Part 2). Its
/// contract and loop: sim/families/continual/ (README.md there); its agents and streams:
/// agents/continual/all.hpp, envs/continual/all.hpp; the shared privacy mechanisms:
/// agents/privacy/.
#pragma once

#include "sim/families/family.hpp"

namespace banditsim::continual {

class ContinualFamily final : public Family {
 public:
  std::string_view name() const override { return "continual"; }
  std::string_view description() const override;
  std::span<const ComponentInfo> agents() const override;
  std::span<const ComponentInfo> environments() const override;
  std::span<const MetricInfo> metrics() const override;
  std::span<const ParamSpec> step_axes() const override;
  std::vector<std::string> example_scenarios() const override;
  std::unique_ptr<const PreparedCell> prepare(const Cell& cell,
                                              std::uint64_t master_seed) const override;
};

}  // namespace banditsim::continual
