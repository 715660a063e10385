/// @file sim/families/bandit/problem.hpp
/// What a bandit agent is told about the instance it faces. It never sees the
/// arm means or the parameter θ: only what the learner knows in the papers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>

namespace banditsim::bandit {

/// The largest |mean| an arm may have. Regret and pseudo-regret sum up to
/// horizon (<= 1e12) gaps of at most 2e100 each, and their variance squares
/// that (about 4e224, times up to 1e9 replications in a Welford sum): every
/// statistic stays finite with room to spare, where means near 1e308 overflow
/// to inf and NaN. Environments reject larger means (or parameters that allow
/// them) with a ConfigError.
inline constexpr double kMaxMeanMagnitude = 1e100;

/// The most values (features, matrices) a component may allocate from sizes a
/// user gives: 1e8 doubles = 800 MB, per environment or agent and per thread.
/// Larger sizes are refused before allocating, naming the keys.
inline constexpr double kMaxAllocatedValues = 1e8;

struct BanditProblem {
  std::size_t num_arms = 0;
  /// Feature dimension d; 0 for K-armed environments, which have no features
  /// (linear agents refuse them with a ConfigError naming a linear environment).
  std::size_t dim = 0;
  /// Arm features, row-major K x d (row a = x_a). Owned by the environment and
  /// valid until its next draw_instance().
  std::span<const double> features;
  /// The horizon T (anytime agents may ignore it) or the budget (fixed-budget
  /// best-arm identification). Filled in by the family from the cell, not by
  /// the environment.
  std::int64_t horizon = 0;
  /// Rewards are guaranteed to lie in [reward_min, reward_max] (infinite if unbounded).
  double reward_min = -std::numeric_limits<double>::infinity();
  double reward_max = std::numeric_limits<double>::infinity();

  bool rewards_in_unit_interval() const { return reward_min >= 0.0 && reward_max <= 1.0; }
  double feature(std::size_t arm, std::size_t coordinate) const {
    return features[arm * dim + coordinate];
  }
};

}  // namespace banditsim::bandit
