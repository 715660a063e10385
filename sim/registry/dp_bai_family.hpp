/// @file sim/registry/dp_bai_family.hpp
/// The dp_bai family: fixed-budget best-arm identification in linear bandits with
/// rewards in [0, 1], differentially private (DP-BAI, Chen, Karthik, Chee, Tan,
/// ICLR 2024) and not (OD-LinBAI, Yang & Tan, NeurIPS 2022); spec
/// ../shared/specs/papers-dp.md Part 1. Its contract and loop:
/// sim/families/dp_bai/; its agents and environments: agents/dp_bai/all.hpp,
/// envs/dp_bai/all.hpp; the shared privacy mechanisms: agents/privacy/.
#pragma once

#include "sim/families/family.hpp"

namespace banditsim::dp_bai {

class DpBaiFamily final : public Family {
 public:
  std::string_view name() const override { return "dp_bai"; }
  std::string_view description() const override;
  std::span<const ComponentInfo> agents() const override;
  std::span<const ComponentInfo> environments() const override;
  std::span<const MetricInfo> metrics() const override;
  std::span<const ParamSpec> step_axes() const override;
  std::vector<std::string> example_scenarios() const override;
  std::unique_ptr<const PreparedCell> prepare(const Cell& cell,
                                              std::uint64_t master_seed) const override;
  std::optional<AuditPlan> audit_plan(const Cell& cell, std::size_t agent,
                                      const AuditRequest& request) const override;
};

}  // namespace banditsim::dp_bai
