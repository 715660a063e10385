/// @file agents/privacy/hybrid_counter.hpp
/// Continual release of a running sum with an unknown horizon: the hybrid mechanism of Chan,
/// Shi & Song ("Private and continual release of statistics", ACM TISSEC 2011), as specified
/// in papers-dp.md §2.4.1 [STD/RECALL].
///
/// Two parts, each with epsilon' = epsilon / 2, over inputs with |x_t - x'_t| <= delta:
/// - Logarithmic part: at t = 2^k (k = 0, 1, ...) it releases
///   beta_k = beta_{k-1} + (sum of x over (2^{k-1}, 2^k]) + Lap(delta / epsilon'), a fresh
///   noise per increment (the increment of k = 0 is step 1 alone; beta_{-1} = 0).
/// - Tree part: over each epoch (2^k, 2^{k+1}) a binary tree counter of the epoch's local
///   steps tau = t - 2^k = 1..2^k - 1 (dyadic_prefix_noise.hpp).
/// Output: S~_t = beta_k at t = 2^k, and beta_k + (tree count of (2^k, t]) inside the epoch.
///
/// [OURS] The tree of epoch k needs only the local steps 1..2^k - 1, because at
/// t = 2^{k+1} the output is beta_{k+1}: its horizon is 2^k - 1, so it has
/// floor(log2(2^k - 1)) + 1 = k levels and scale k delta / epsilon'. (The spec's "tree of
/// horizon 2^k" would have k + 1 levels: also private, with more noise.)
///
/// Privacy. x_t is in exactly one logarithmic increment (sensitivity delta, noise
/// Lap(delta/epsilon'): epsilon'-DP for all the increments, and every beta_k is their
/// post-processing), and, unless t is a power of two, in at most k blocks of its epoch's
/// tree (epsilon'-DP, binary_tree_counter.hpp). Basic composition: epsilon-DP. The blocks
/// never depend on the data, so adaptive streams are covered as for the binary tree.
///
/// Error: S~_t - S_t is a sum of independent Laplace noises with variance
///   2 (k + 1) (delta/epsilon')^2                                    at t = 2^k,
///   2 (k + 1) (delta/epsilon')^2 + 2 popcount(tau) (k delta/epsilon')^2   at t = 2^k + tau,
/// 0 < tau < 2^k. As for the binary tree, S~_t = S_t + (noise), S_t the exact running sum:
/// with epsilon = inf add() returns S_t, accumulated in input order, and draws nothing.
/// Otherwise every step draws exactly one Lap: a logarithmic increment at t = 2^k, the block
/// of the epoch's tree completing at t otherwise. Fixed memory, no allocation.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

#include "agents/privacy/dyadic_prefix_noise.hpp"
#include "agents/privacy/epsilon.hpp"
#include "agents/privacy/laplace.hpp"
#include "agents/privacy/step_blocks.hpp"
#include "sim/core/check.hpp"
#include "sim/core/rng.hpp"

namespace banditsim::privacy {

class HybridCounter {
 public:
  /// epsilon = inf, delta = 0: reset() with real parameters first.
  HybridCounter() = default;
  HybridCounter(double epsilon, double sensitivity) { reset(epsilon, sensitivity); }

  /// Starts a new stream. epsilon in (0, inf], sensitivity delta finite >= 0: ConfigError
  /// otherwise. Allocates nothing.
  void reset(double epsilon, double sensitivity) {
    require_valid_epsilon(epsilon, "HybridCounter");
    require_valid_sensitivity(sensitivity, "HybridCounter");
    epsilon_ = epsilon;
    sensitivity_ = sensitivity;
    noisy_ = adds_noise(epsilon);
    logarithmic_scale_ = noisy_ ? sensitivity / (0.5 * epsilon) : 0.0;
    restart();
  }

  /// Starts a new stream with the same parameters.
  void restart() {
    sum_ = 0.0;
    logarithmic_noise_ = 0.0;
    released_ = 0.0;
    steps_ = 0;
    epoch_ = 0;
    epoch_noise_.reset(0.0);
  }

  /// Consumes x_t (|x_t| <= delta) and returns S~_t.
  double add(double x, Rng& noise_rng) {
    BANDITSIM_CHECK(steps_ < std::numeric_limits<std::int64_t>::max() / 2,
                    "HybridCounter: too many steps");
    BANDITSIM_CHECK(std::fabs(x) <= sensitivity_ || !noisy_,
                    "HybridCounter: an input larger than the sensitivity voids the privacy "
                    "guarantee");
    const auto t = static_cast<std::uint64_t>(++steps_);
    sum_ += x;
    if (!noisy_) return released_ = sum_;
    if (std::has_single_bit(t)) {
      // t = 2^k: the logarithmic increment of (2^{k-1}, 2^k]; epoch k and its tree begin.
      logarithmic_noise_ += privacy::laplace(noise_rng, logarithmic_scale_);
      epoch_ = std::countr_zero(t);
      epoch_noise_.reset(static_cast<double>(epoch_) * logarithmic_scale_);
      return released_ = sum_ + logarithmic_noise_;
    }
    return released_ = sum_ + (logarithmic_noise_ + epoch_noise_.advance(noise_rng));
  }

  /// The last released S~_t (0 before the first input).
  double released() const { return released_; }
  std::int64_t steps() const { return steps_; }
  double epsilon() const { return epsilon_; }
  double sensitivity() const { return sensitivity_; }
  /// delta / epsilon' = 2 delta / epsilon, the noise of each logarithmic increment.
  double logarithmic_scale() const { return logarithmic_scale_; }
  /// k delta / epsilon', the noise per tree block in epoch k (0 when epsilon = inf).
  double tree_scale(int epoch) const { return static_cast<double>(epoch) * logarithmic_scale_; }
  /// k = floor(log2 t) of the current step (0 before the first input).
  int epoch() const { return epoch_; }

  /// Test hook: the blocks whose noisy sums make S~_t: the logarithmic increments
  /// [1, 1], (1, 2], (2, 4], ..., (2^{k-1}, 2^k], then the tree blocks of (2^k, t] (the
  /// binary expansion of t - 2^k, shifted by 2^k). As for the binary tree, the block ending
  /// at step s is always the same one, the one whose noise add() drew at step s.
  static StepBlockList nodes_of(std::int64_t t) {
    StepBlockList blocks;
    if (t < 1) return blocks;
    const int epoch = 63 - std::countl_zero(static_cast<std::uint64_t>(t));
    blocks.push_back({1, 1});
    for (int k = 1; k <= epoch; ++k)
      blocks.push_back({(std::int64_t{1} << (k - 1)) + 1, std::int64_t{1} << k});
    const std::int64_t epoch_start = std::int64_t{1} << epoch;
    append_dyadic_prefix(blocks, t - epoch_start, epoch_start);
    return blocks;
  }

 private:
  double epsilon_ = kNoPrivacy;
  double sensitivity_ = 0.0;
  bool noisy_ = false;
  double logarithmic_scale_ = 0.0;

  double sum_ = 0.0;
  double logarithmic_noise_ = 0.0;  // sum of the increments' noises up to the last 2^k
  double released_ = 0.0;
  std::int64_t steps_ = 0;
  int epoch_ = 0;
  DyadicPrefixNoise epoch_noise_;
};

}  // namespace banditsim::privacy
