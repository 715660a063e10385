/// @file agents/linear_query/candidate_race.hpp
/// The last step of SparseNet-Enum and of exhaustive search (spec B.4.1, B.4.3): query each
/// action of a candidate list n0 times and return the best empirical mean (ties: the
/// earlier candidate, so the smallest index for a sorted list).
///
/// n0 = 1 when sigma = 0, else ceil(8 sigma^2 ln(2 |Cand| / p) / epsilon^2): by a
/// sub-Gaussian bound and a union bound every empirical mean is then within epsilon/2 of its
/// r(a) with probability >= 1 - p [spec B.4.1, derived].
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <span>

#include "sim/families/linear_query/problem.hpp"

namespace banditsim::linear_query {

/// Pulls per candidate (spec B.4.1): 1 noiseless, else the union-bound count.
inline std::int64_t pulls_per_candidate(double noise_sd, double epsilon, double candidates,
                                        double failure_probability) {
  if (noise_sd == 0.0) return 1;
  const double n0 =
      std::ceil(8.0 * noise_sd * noise_sd * std::log(2.0 * candidates / failure_probability) /
                (epsilon * epsilon));
  return static_cast<std::int64_t>(std::max(1.0, n0));
}

/// Queries candidates[0], candidates[1], ... `pulls` times each; remembers the best mean.
class CandidateRace {
 public:
  void start(std::span<const std::uint64_t> candidates, std::int64_t pulls) {
    candidates_ = candidates;
    pulls_ = pulls;
    next_ = 0;
    best_ = 0;
    best_mean_ = -std::numeric_limits<double>::infinity();
  }
  bool finished() const { return next_ == candidates_.size(); }
  Query next_query() const {
    if (finished()) return {};
    return {.action = {.index = candidates_[next_]}, .count = pulls_};
  }
  void observe(double sum) {
    const double mean = sum / static_cast<double>(pulls_);
    if (mean > best_mean_) {
      best_mean_ = mean;
      best_ = candidates_[next_];
    }
    ++next_;
  }
  std::uint64_t best() const { return best_; }

 private:
  std::span<const std::uint64_t> candidates_;
  std::int64_t pulls_ = 1;
  std::size_t next_ = 0;
  std::uint64_t best_ = 0;
  double best_mean_ = 0.0;
};

}  // namespace banditsim::linear_query
