/// @file agents/bandit/arm_statistics.hpp
/// Pull counts and empirical means per arm, shared by the K-armed agents.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "agents/policies/argmax.hpp"

namespace banditsim::bandit {

class ArmStatistics {
 public:
  /// Clears the statistics for `num_arms` arms (reuses the storage).
  void reset(std::size_t num_arms) {
    pulls_.assign(num_arms, 0);
    sums_.assign(num_arms, 0.0);
    means_.assign(num_arms, 0.0);
    total_pulls_ = 0;
  }

  void add(std::size_t arm, double reward) {
    ++pulls_[arm];
    ++total_pulls_;
    sums_[arm] += reward;
    means_[arm] = sums_[arm] / static_cast<double>(pulls_[arm]);
  }

  std::size_t num_arms() const { return pulls_.size(); }
  std::int64_t pulls(std::size_t arm) const { return pulls_[arm]; }
  std::int64_t total_pulls() const { return total_pulls_; }
  double sum(std::size_t arm) const { return sums_[arm]; }
  /// Empirical mean (0 for an arm never pulled).
  double mean(std::size_t arm) const { return means_[arm]; }
  std::span<const double> means() const { return means_; }

  /// The arm with the highest empirical mean among pulled arms (lowest index on
  /// ties; arm 0 if nothing was pulled). The default recommendation of index policies.
  std::size_t empirical_best() const {
    std::size_t best = pulls_.size();
    for (std::size_t a = 0; a < pulls_.size(); ++a)
      if (pulls_[a] > 0 && (best == pulls_.size() || means_[a] > means_[best])) best = a;
    return best == pulls_.size() ? 0 : best;
  }

  /// The arm of `arms` (non-empty) with the highest empirical mean, the first
  /// one in `arms` on ties: the recommendation of elimination algorithms.
  std::size_t empirical_best(std::span<const std::size_t> arms) const {
    std::size_t best = arms.front();
    for (std::size_t arm : arms)
      if (means_[arm] > means_[best]) best = arm;
    return best;
  }

 private:
  std::vector<std::int64_t> pulls_;
  std::vector<double> sums_;
  std::vector<double> means_;
  std::int64_t total_pulls_ = 0;
};

}  // namespace banditsim::bandit
