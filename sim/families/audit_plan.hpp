/// @file sim/families/audit_plan.hpp
/// What a family hands the privacy audit (sim/engine/audit.hpp, `banditsim audit`):
/// pairs of neighbouring cells on which one private agent is run many times, and
/// the categorical outcome whose distribution the audit compares.
///
/// An agent is epsilon-DP if, for every pair of neighbouring inputs D, D' (here two
/// reward tables that differ in one reward) and every set S of outputs,
/// P[out(D) in S] <= e^epsilon P[out(D') in S]. The audit estimates both sides by
/// simulation and reports the largest log-ratio it can certify (Clopper-Pearson
/// bounds), so an agent whose noise is too small is caught; an audit can only
/// give a lower bound on the agent's true privacy loss, never prove privacy.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/scenario/cell.hpp"

namespace banditsim {

/// Two neighbouring inputs for one agent. Each cell holds that one agent only, and
/// an environment the family builds (a reward table) so that the two cells differ
/// in exactly one reward.
struct AuditCase {
  std::string description;  ///< "worst case: arm 1's first reward 0 -> 1", ...
  Cell first;
  Cell second;
};

/// How an agent is audited.
struct AuditPlan {
  /// The family's categorical metric (Family::metrics) that is the agent's output
  /// (the recommended arm, the sequence of arms pulled).
  std::string outcome;
  /// The epsilon the agent is configured with (its privacy guarantee).
  double epsilon = 0;
  std::vector<AuditCase> cases;
};

/// What the audit asks the family for.
struct AuditRequest {
  std::uint64_t seed = 0;        ///< Draws the random tables and the flipped entries.
  std::size_t random_cases = 3;  ///< Random neighbouring pairs beside the worst case.
};

}  // namespace banditsim
