/// @file agents/privacy/report_noisy_max.hpp
/// Report noisy max: the index of the largest of scores c_1..c_K after adding independent
/// Laplace noise to each (Dwork & Roth 2014, "The Algorithmic Foundations of Differential
/// Privacy", §3.3, Claim 3.9; spec papers-dp.md §2.2 and §2.4.4 [STD]). Only the index is
/// released, not the noisy scores.
///
/// The condition implemented, per neighbour relation of the scores (sensitivity delta:
/// |c_j - c'_j| <= delta for every j):
/// - ScoreChange::kMonotone: between any two neighbours all scores move the same way (all
///   c'_j >= c_j, or all c'_j <= c_j). Noise Lap(delta / epsilon). Claim 3.9 is this case
///   with delta = 1: counting queries under adding or removing one record. It also covers a
///   bandit's per-arm statistics from disjoint samples, where one changed reward moves one
///   score only.
/// - ScoreChange::kArbitrary: scores may move in opposite directions. Noise
///   Lap(2 delta / epsilon).
/// Proof of both (the Claim 3.9 argument): fix the noises r_j, j != i, and let r* be the
/// least r_i for which i wins under c. Under c' index i still wins once r_i >= r* + s, with
/// shift s = delta in the monotone case (c'_i - c_i and c'_j - c_j have the same sign) and
/// s = 2 delta otherwise; P(r_i >= r* + s) >= exp(-s / b) P(r_i >= r*) for Lap(b), so
/// b = s / epsilon gives epsilon-DP.
///
/// epsilon = inf: no noise and no draws, the first maximum (lowest index on ties). Otherwise
/// exactly K draws, in index order, and ties between noisy scores (probability 0) go to the
/// lowest index. No allocation.
#pragma once

#include <cstddef>
#include <span>

#include "agents/policies/argmax.hpp"
#include "agents/privacy/epsilon.hpp"
#include "agents/privacy/laplace.hpp"
#include "sim/core/check.hpp"
#include "sim/core/rng.hpp"

namespace banditsim::privacy {

/// How neighbouring inputs may move the scores (see the file comment).
enum class ScoreChange { kMonotone, kArbitrary };

/// The Laplace scale that makes report noisy max epsilon-DP: delta / epsilon (monotone) or
/// 2 delta / epsilon (arbitrary); 0 when epsilon = inf.
inline double report_noisy_max_scale(double epsilon, double sensitivity, ScoreChange change) {
  BANDITSIM_CHECK(epsilon > 0.0 && sensitivity >= 0.0, "epsilon > 0 and sensitivity >= 0");
  if (!adds_noise(epsilon)) return 0.0;
  return (change == ScoreChange::kMonotone ? 1.0 : 2.0) * sensitivity / epsilon;
}

/// The index of the largest noisy score (scores non-empty).
inline std::size_t report_noisy_max(std::span<const double> scores, double epsilon,
                                    double sensitivity, ScoreChange change, Rng& noise_rng) {
  BANDITSIM_CHECK(!scores.empty(), "report noisy max of no scores");
  if (!adds_noise(epsilon)) return argmax_first(scores);
  const double scale = report_noisy_max_scale(epsilon, sensitivity, change);
  return argmax_first_of(
      scores.size(), [&](std::size_t j) { return scores[j] + privacy::laplace(noise_rng, scale); });
}

}  // namespace banditsim::privacy
