/// @file sim/families/dp_bai/problem.hpp
/// What a fixed-budget best-arm identification agent of the dp_bai family is told
/// about its instance: the public arm features, the budget and the range rewards
/// are guaranteed to lie in (the sensitivity of a private mean, spec 1.3.2). It
/// never sees the means or the parameter theta.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace banditsim::dp_bai {

struct BaiProblem {
  std::size_t num_arms = 0;
  /// Feature dimension d (>= 1): every dp_bai environment is linear. K-armed
  /// instances are linear with the standard basis (d = K).
  std::size_t dim = 0;
  /// Arm features, row-major K x d (row a = a_a). Owned by the environment, valid
  /// until its next draw_instance().
  std::span<const double> features;
  /// The budget T: the agent pulls at most T times, then recommends one arm.
  std::int64_t budget = 0;
  /// Every reward lies in [reward_min, reward_max] (DP-BAI's model: [0, 1]). A
  /// private mean of n rewards has sensitivity (reward_max - reward_min) / n.
  double reward_min = 0.0;
  double reward_max = 1.0;

  double reward_range() const { return reward_max - reward_min; }
  double feature(std::size_t arm, std::size_t coordinate) const {
    return features[arm * dim + coordinate];
  }
};

/// A request from the agent to the time loop: pull `arm` `count` times in a row
/// (consecutively, spec P13) and report the sum of the rewards. count == 0 means
/// the agent has finished and will recommend.
struct PullRequest {
  std::size_t arm = 0;
  std::int64_t count = 0;
};

}  // namespace banditsim::dp_bai
