#include "sim/registry/bandit_audit.hpp"

#include <algorithm>
#include <string>
#include <variant>
#include <vector>

#include "agents/bandit/all.hpp"
#include "agents/privacy/epsilon.hpp"
#include "envs/bandit/all.hpp"
#include "sim/core/check.hpp"
#include "sim/core/rng.hpp"
#include "sim/families/audit_cells.hpp"
#include "sim/families/bandit/metrics.hpp"

namespace banditsim::bandit {
namespace {

/// A K x T table of Bernoulli(means[a]) draws (one stream, row by row).
RealMatrix bernoulli_table(const std::vector<double>& means, std::int64_t horizon, Rng& rng) {
  RealMatrix table(means.size(), RealList(static_cast<std::size_t>(horizon)));
  for (std::size_t a = 0; a < means.size(); ++a)
    for (double& x : table[a]) x = uniform01(rng) < means[a] ? 1.0 : 0.0;
  return table;
}

/// The other extreme of a reward in [0, 1]: 0 <-> 1 (a value in between goes to the farther end).
double other_extreme(double x) { return x >= 0.5 ? 0.0 : 1.0; }

std::string arm_entry(std::size_t arm, std::size_t column) {
  return "x[" + std::to_string(arm) + "][" + std::to_string(column) + "]";
}

}  // namespace

std::optional<AuditPlan> audit_plan(const Cell& cell, std::size_t agent,
                                    const AuditRequest& request) {
  BANDITSIM_CHECK(agent < cell.agents.size(), "audit_plan: no such agent");
  const AgentSetup& setup = cell.agents[agent];
  const std::string name = setup.label.empty() ? setup.kind : setup.label;
  if (setup.kind != "dp_ucb")
    throw ConfigError(name, "kind",
                      "agent '" + name + "' (kind \"" + setup.kind +
                          "\") is not a private agent; the bandit family audits dp_ucb only");
  const double epsilon = setup.params.real("epsilon");
  if (!privacy::adds_noise(epsilon))
    throw ConfigError(name, "epsilon",
                      "not private: agent '" + name +
                          "' has epsilon = inf (no noise), so there is nothing to audit");

  // The base table and the means the audit's tables carry.
  const AnyBanditEnvironment env = BanditEnvironmentFactory::make(cell.env.kind, cell.env.params);
  const std::size_t arms = std::visit([](const auto& e) { return e.num_arms(); }, env);
  if (!pull_sequence_fits(arms, cell.horizon))
    throw ConfigError(name, "horizon",
                      "the audit of agent '" + name +
                          "' compares pull sequences, which need K^T "
                          "<= 2^53; K = " +
                          std::to_string(arms) + ", T = " + std::to_string(cell.horizon));
  std::vector<double> means(arms);
  for (std::size_t a = 0; a < arms; ++a)
    means[a] = std::visit([a](const auto& e) { return e.mean(a); }, env);
  RealMatrix base;
  if (const auto* table = std::get_if<RewardTable>(&env)) {
    if (static_cast<std::int64_t>(table->columns()) < cell.horizon)
      throw ConfigError(
          "bandit_reward_table", "table",
          "rows have fewer entries than the " + std::to_string(cell.horizon) + " steps of the run");
    base = cell.env.params.real_matrix("table");
  } else if (std::holds_alternative<BernoulliArms>(env)) {
    Rng rng(substream_seed(request.seed, 0));
    base = bernoulli_table(means, cell.horizon, rng);
  } else {
    throw ConfigError(name, "",
                      "the audit of agent '" + name + "' needs reward tables, and environment '" +
                          cell.env.kind +
                          "' cannot be turned into one (use kind = \"bandit_reward_table\" or "
                          "\"bernoulli\")");
  }

  const ComponentInfo table_info = RewardTable::info();
  const auto table_cell = [&](const RealMatrix& table) {
    ParamMap params;
    params.set("table", table);
    params.set("means", RealList(means));
    return audit_cell(cell, agent, make_component_setup(table_info, params));
  };

  AuditPlan plan{.outcome = "pull_sequence", .epsilon = epsilon, .cases = {}};
  // (a) Worst cases: an arm's first reward, which enters the most tree nodes (all L of
  // its counter's levels) and decides the first comparison after the initial round.
  for (std::size_t a = 0; a < std::min<std::size_t>(arms, 4); ++a) {
    RealMatrix changed = base;
    const double before = changed[a][0];
    changed[a][0] = other_extreme(before);
    plan.cases.push_back({.description = "worst: " + arm_entry(a, 0) + " " + format_real(before) +
                                         " -> " + format_real(changed[a][0]),
                          .first = table_cell(base),
                          .second = table_cell(changed)});
  }
  // (b) Random neighbours: a fresh random table, one random entry flipped.
  for (std::size_t i = 0; i < request.random_cases; ++i) {
    Rng rng(substream_seed(request.seed, 1 + i));
    const RealMatrix random_base = bernoulli_table(means, cell.horizon, rng);
    const auto arm = static_cast<std::size_t>(uniform_index(rng, arms));
    const auto column =
        static_cast<std::size_t>(uniform_index(rng, static_cast<std::uint64_t>(cell.horizon)));
    RealMatrix changed = random_base;
    const double before = changed[arm][column];
    changed[arm][column] = other_extreme(before);
    plan.cases.push_back({.description = "random table " + std::to_string(i + 1) + ": " +
                                         arm_entry(arm, column) + " " + format_real(before) +
                                         " -> " + format_real(changed[arm][column]),
                          .first = table_cell(random_base),
                          .second = table_cell(changed)});
  }
  return plan;
}

}  // namespace banditsim::bandit
