/// @file agents/dp_bai/phase_schedule.hpp
/// How many arms survive each phase of DP-BAI and of private sequential halving.
///
/// DP-BAI's own survivor counts (the paper's equations (5)-(7)) could not be
/// retrieved (spec §1.3.1, P1). The reconstruction DP-BAI-R [OURS] (spec 1.3.3
/// lines 1-5) halves the active set but never keeps more than
/// cap = max(1, ceil(cap_factor D^2)) arms after a phase, D the rank of all the
/// features: a Max-Det phase costs d_p^2 in variance, so capping the survivors at
/// about D^2/4 keeps each phase's cost within a constant of the next phase's
/// survivors, which gives the paper's d^2 ∧ K complexity and M = Theta(log d)
/// phases ([TLDR]). Worked examples: spec §1.3.4 (tested).
#pragma once

#include <cstddef>
#include <vector>

namespace banditsim::dp_bai {

/// s_1 = K > s_2 > ... > s_{M+1} = 1: the active-set size at the start of each
/// phase and, last, the single survivor. M = size() - 1 phases (0 when K = 1).
using SurvivorSchedule = std::vector<std::size_t>;

/// DP-BAI-R: s_{p+1} = max(1, min(ceil(s_p / 2), cap)), cap = max(1, ceil(cap_factor D^2)).
SurvivorSchedule dp_bai_schedule(std::size_t num_arms, std::size_t rank, double cap_factor);

/// Sequential halving: s_{p+1} = ceil(s_p / 2), so M = ceil(log2 K) (spec 1.4.3).
SurvivorSchedule halving_schedule(std::size_t num_arms);

/// Which phases of DP-BAI pull a Max-Det collection instead of every active arm
/// (the paper's line-8 branch versus line 14, [REV]); the condition itself was not
/// retrieved (spec P2), so both readings are offered [OURS].
enum class BranchRule {
  kCheaper,        ///< Max-Det iff d_p^2 < s_p: its variance cost is smaller (default).
  kArmsExceedDim,  ///< Max-Det iff s_p > d_p: more arms than dimensions.
};

/// Whether a phase with s active arms spanning d dimensions takes the Max-Det branch.
bool uses_max_det(BranchRule rule, std::size_t active, std::size_t span_rank);

}  // namespace banditsim::dp_bai
