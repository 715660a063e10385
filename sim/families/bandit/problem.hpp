/// @file sim/families/bandit/problem.hpp
/// What a bandit agent is told about the instance it faces. It never sees the
/// arm means or the parameter θ: only what the learner knows in the papers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>

namespace banditsim::bandit {

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
