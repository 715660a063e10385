/// @file sim/registry/bandit_audit.hpp
/// The privacy audit of the bandit family's private agent, dp_ucb (sim/families/audit_plan.hpp):
/// its output is the sequence of arms it pulls (the metric pull_sequence, a
/// post-processing of its released noisy sums), and its neighbouring inputs are reward
/// tables (bandit_reward_table) that differ in one entry.
///
/// Cases: the worst change, x[a][0] to the other extreme (an arm's first reward enters
/// all L levels of its tree counter), for each of the first min(K, 4) arms of the cell's
/// own table (a bandit_reward_table environment) or of a K x T Bernoulli table of its
/// means (a bernoulli environment, drawn from request.seed); then request.random_cases
/// random Bernoulli tables with one random entry within the horizon flipped. Other
/// environments cannot be turned into tables: ConfigError naming the agent.
#pragma once

#include <cstddef>
#include <optional>

#include "sim/families/audit_plan.hpp"

namespace banditsim::bandit {

std::optional<AuditPlan> audit_plan(const Cell& cell, std::size_t agent,
                                    const AuditRequest& request);

}  // namespace banditsim::bandit
