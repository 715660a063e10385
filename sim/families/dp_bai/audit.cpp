#include "sim/families/dp_bai/audit.hpp"

#include <cmath>
#include <string>
#include <utility>

#include "envs/dp_bai/linear_instance.hpp"
#include "envs/dp_bai/reward_table.hpp"
#include "sim/core/check.hpp"
#include "sim/core/rng.hpp"
#include "sim/families/audit_cells.hpp"

namespace banditsim::dp_bai {
namespace {

/// A table of K rows of `columns` Bernoulli(means[i]) draws.
RealMatrix bernoulli_table(const std::vector<double>& means, std::size_t columns, Rng& rng) {
  RealMatrix table(means.size(), std::vector<double>(columns));
  for (std::size_t arm = 0; arm < means.size(); ++arm)
    for (double& x : table[arm]) x = uniform01(rng) < means[arm] ? 1.0 : 0.0;
  return table;
}

std::string entry_name(std::size_t arm, std::size_t column) {
  return "x[" + std::to_string(arm) + "][" + std::to_string(column) + "]";
}

}  // namespace

std::optional<AuditPlan> audit_plan(const Cell& cell, std::size_t agent,
                                    const AuditRequest& request) {
  const AgentSetup& setup = cell.agents.at(agent);
  if (!setup.params.contains("epsilon"))
    throw ConfigError(setup.kind, "agent '" + setup.label + "' (" + setup.kind +
                                      ") is not private: it has no epsilon, nothing to audit");
  const double epsilon = setup.params.real("epsilon");
  if (std::isinf(epsilon))
    throw ConfigError(setup.kind, "epsilon",
                      "agent '" + setup.label +
                          "' has epsilon = inf: it adds no noise and is not private, so "
                          "there is nothing to audit (give it a finite epsilon)");

  // The instance keys of the cell's environment carry over to every table.
  const LinearInstance instance =
      make_instance(InstanceConfig::from(cell.env.params), cell.env.kind);
  ParamMap instance_keys;
  for (const ParamSpec& spec : instance_params())
    if (cell.env.params.contains(spec.name))
      instance_keys.set(spec.name, cell.env.params.at(spec.name));
  const auto columns = static_cast<std::size_t>(cell.horizon);
  const ComponentInfo table_info = RewardTable::info();
  auto table_cell = [&](const RealMatrix& table) {
    ParamMap given = instance_keys;
    given.set("table", table);
    return audit_cell(cell, agent, make_component_setup(table_info, given));
  };

  Rng rng(request.seed);
  RealMatrix base = cell.env.kind == "reward_table" ? cell.env.params.real_matrix("table")
                                                    : bernoulli_table(instance.means, columns, rng);
  AuditPlan plan{.outcome = "recommended_arm", .epsilon = epsilon, .cases = {}};
  const std::string source =
      cell.env.kind == "reward_table" ? "(scenario's table)" : "(Bernoulli table)";
  for (std::size_t arm = 0; arm < std::min<std::size_t>(instance.num_arms, 4); ++arm) {
    RealMatrix low = base, high = base;
    low[arm][0] = 0.0;
    high[arm][0] = 1.0;
    plan.cases.push_back({.description = "worst: " + entry_name(arm, 0) + " = 0 vs 1 " + source,
                          .first = table_cell(low),
                          .second = table_cell(high)});
  }
  for (std::size_t c = 0; c < request.random_cases; ++c) {
    RealMatrix table = bernoulli_table(instance.means, columns, rng);
    const auto arm = static_cast<std::size_t>(uniform_index(rng, instance.num_arms));
    const auto column = static_cast<std::size_t>(uniform_index(rng, columns));
    RealMatrix flipped = table;
    flipped[arm][column] = 1.0 - table[arm][column];
    plan.cases.push_back({.description = "random table " + std::to_string(c + 1) + ": " +
                                         entry_name(arm, column) + " = " +
                                         (table[arm][column] > 0.5 ? "1 vs 0" : "0 vs 1"),
                          .first = table_cell(table),
                          .second = table_cell(flipped)});
  }
  return plan;
}

}  // namespace banditsim::dp_bai
