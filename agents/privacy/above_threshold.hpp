/// @file agents/privacy/above_threshold.hpp
/// AboveThreshold, the sparse vector technique's core (Dwork & Roth 2014, "The Algorithmic
/// Foundations of Differential Privacy", Algorithm 1 and Theorems 3.23, 3.24; spec
/// papers-dp.md §2.4.3 [STD]).
///
/// For queries q_1, q_2, ... of sensitivity delta (each moves by at most delta between
/// neighbouring inputs), threshold tau and budget epsilon0:
///   reset:  rho ~ Lap(2 delta / epsilon0), once;
///   query:  nu_i ~ Lap(4 delta / epsilon0); if q_i + nu_i >= tau + rho answer top and HALT,
///           else answer bottom.
/// The whole answer sequence is epsilon0-DP, whatever the number of bottom answers, and the
/// queries may be chosen adaptively (Theorem 3.23; delta = 1 there, general delta by
/// scaling). Accuracy (Theorem 3.24): over k queries, with probability >= 1 - beta,
/// |rho| < alpha/2 and every |nu_i| < alpha/2 for alpha = 8 delta (ln k + ln(2/beta)) /
/// epsilon0, hence a top answer has q_i > tau - alpha and a bottom one q_i < tau + alpha.
///
/// epsilon0 = inf: no noise, the exact test q_i >= tau, and no draws. Restarting after a top
/// answer (the continual-release mechanisms of spec §2.4.3) is a new reset() with a new
/// budget: the caller composes them.
#pragma once

#include <cmath>
#include <cstdint>

#include "agents/privacy/epsilon.hpp"
#include "agents/privacy/laplace.hpp"
#include "sim/core/check.hpp"
#include "sim/core/rng.hpp"

namespace banditsim::privacy {

class AboveThreshold {
 public:
  /// Halted until reset().
  AboveThreshold() = default;

  /// A new run: draws rho ~ Lap(2 delta / epsilon0) from `noise_rng` (nothing when
  /// epsilon0 = inf). epsilon0 in (0, inf], delta finite >= 0: ConfigError otherwise.
  void reset(double threshold, double epsilon0, Rng& noise_rng, double sensitivity = 1.0) {
    require_valid_epsilon(epsilon0, "AboveThreshold", "epsilon0");
    require_valid_sensitivity(sensitivity, "AboveThreshold");
    threshold_ = threshold;
    epsilon0_ = epsilon0;
    sensitivity_ = sensitivity;
    noisy_ = adds_noise(epsilon0);
    threshold_scale_ = noisy_ ? 2.0 * sensitivity / epsilon0 : 0.0;
    query_scale_ = noisy_ ? 4.0 * sensitivity / epsilon0 : 0.0;
    noisy_threshold_ =
        noisy_ ? threshold + privacy::laplace(noise_rng, threshold_scale_) : threshold;
    queries_ = 0;
    halted_ = false;
  }

  /// Answers q_i: true (top) at most once, after which the run has halted and answers no
  /// more queries (asking one is a bug: InternalError). Draws nu_i ~ Lap(4 delta / epsilon0)
  /// when epsilon0 < inf.
  bool query(double q, Rng& noise_rng) {
    BANDITSIM_CHECK(!halted_, "AboveThreshold has halted (or was never reset): reset() it");
    ++queries_;
    const double noisy_query = noisy_ ? q + privacy::laplace(noise_rng, query_scale_) : q;
    halted_ = noisy_query >= noisy_threshold_;
    return halted_;
  }

  bool halted() const { return halted_; }
  /// Queries answered in this run, the top one included.
  std::int64_t queries() const { return queries_; }
  double threshold() const { return threshold_; }
  double epsilon0() const { return epsilon0_; }
  double sensitivity() const { return sensitivity_; }
  /// 2 delta / epsilon0, the scale of rho (0 when epsilon0 = inf).
  double threshold_scale() const { return threshold_scale_; }
  /// 4 delta / epsilon0, the scale of each nu_i (0 when epsilon0 = inf).
  double query_scale() const { return query_scale_; }

  /// alpha = 8 delta (ln k + ln(2/beta)) / epsilon0 of Theorem 3.24, k >= 1 queries,
  /// 0 < beta < 1.
  static double accuracy(std::int64_t queries, double beta, double epsilon0,
                         double sensitivity = 1.0) {
    BANDITSIM_CHECK(queries >= 1 && beta > 0.0 && beta < 1.0,
                    "accuracy needs k >= 1, beta in (0, 1)");
    return 8.0 * sensitivity * (std::log(static_cast<double>(queries)) + std::log(2.0 / beta)) /
           epsilon0;
  }

 private:
  double threshold_ = 0.0;
  double epsilon0_ = kNoPrivacy;
  double sensitivity_ = 1.0;
  bool noisy_ = false;
  double threshold_scale_ = 0.0;
  double query_scale_ = 0.0;
  double noisy_threshold_ = 0.0;
  std::int64_t queries_ = 0;
  bool halted_ = true;
};

}  // namespace banditsim::privacy
