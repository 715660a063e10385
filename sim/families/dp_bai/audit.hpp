/// @file sim/families/dp_bai/audit.hpp
/// The privacy audit of the family's private agents (dp_bai, dp_sh, dp_od): the
/// neighbouring reward tables they are run on (sim/families/audit_plan.hpp).
///
/// Neighbours (spec §1.1): two reward tables x[i][n] (the n-th pull of arm i pays
/// x[i][n]) that differ in one entry. Each agent releases one Laplace-noised mean per
/// pulled arm and phase on disjoint samples and recommends by post-processing, so the
/// recommended arm is epsilon-DP: the audited outcome is `recommended_arm`.
///
/// Cases (ours): the worst change of one reward, x[a][0] = 0 against x[a][0] = 1 (a
/// change of the full reward range, in the first pull of arm a, which every private
/// agent here uses when it pulls a at all) in the cell's own table, for each of the
/// first min(K, 4) arms; then `random_cases` pairs of random tables (Bernoulli draws
/// of the instance's means) that differ in one random entry within the budget, flipped
/// 0 <-> 1. A reward_table environment supplies the base table itself (so an audit
/// scenario can place the arms where the noise decides, the most revealing design);
/// a bai_linear environment gets a Bernoulli table drawn with the audit's seed.
#pragma once

#include <cstddef>
#include <optional>

#include "sim/families/audit_plan.hpp"

namespace banditsim::dp_bai {

std::optional<AuditPlan> audit_plan(const Cell& cell, std::size_t agent,
                                    const AuditRequest& request);

}  // namespace banditsim::dp_bai
