/// @file agents/privacy/binary_tree_counter.hpp
/// Continual release of a running sum with a known horizon T: the binary tree (tree-based
/// aggregation) mechanism of Dwork, Naor, Pitassi & Rothblum (STOC 2010) and Chan, Shi &
/// Song ("Private and continual release of statistics", ACM TISSEC 2011), as specified in
/// papers-dp.md §2.4.1 [STD].
///
/// Input x_t at step t = 1..T, with |x_t - x'_t| <= delta under the neighbour relation (e.g.
/// x_t in [0, delta], rewards in [0, 1] with delta = 1). Output after each input: S~_t, the
/// sum of popcount(t) noisy dyadic blocks (one per set bit of t, nodes_of(t)), each block
/// noised once with Lap(b), b = L delta / epsilon, and frozen. L = floor(log2 T) + 1 is the
/// number of levels of blocks completed within the horizon (spec §2.6: not ceil(log2 T),
/// which undercounts by one when T is a power of two).
///
/// Privacy (spec §2.4.1). Step t* lies in exactly one block per level, so in at most L
/// released blocks (step 1 in exactly L). Changing x_t* moves each of those block sums by at
/// most delta, so the vector of released blocks has l1-sensitivity <= L delta, and with
/// Lap(L delta / epsilon) per block it is epsilon-DP (the Laplace mechanism). Every S~_t is
/// a sum of released blocks: post-processing. The set of blocks does not depend on the data,
/// so the same bound holds when each x_t is chosen after seeing S~_1..S~_{t-1} (adaptive
/// streams, e.g. a bandit's rewards of the arms it chose).
///
/// Error: S~_t - S_t is a sum of popcount(t) <= L i.i.d. Lap(b): mean 0, variance
/// 2 popcount(t) b^2. With epsilon = inf nothing is noised and add() returns the exact
/// running sum, accumulated in input order (bit for bit what a non-private agent sums).
///
/// Implementation: S~_t = S_t + N_t, the exact sum plus the data-independent noise of
/// dyadic_prefix_noise.hpp (one Laplace draw per step when epsilon < inf, none otherwise).
/// Memory O(1) (64 noise levels in place), no allocation at all; add() is O(1) on average.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>

#include "agents/privacy/dyadic_prefix_noise.hpp"
#include "agents/privacy/epsilon.hpp"
#include "agents/privacy/step_blocks.hpp"
#include "sim/core/check.hpp"
#include "sim/core/rng.hpp"

namespace banditsim::privacy {

class BinaryTreeCounter {
 public:
  /// Horizon 0: reset() before the first add().
  BinaryTreeCounter() = default;
  BinaryTreeCounter(std::int64_t horizon, double epsilon, double sensitivity) {
    reset(horizon, epsilon, sensitivity);
  }

  /// Starts a new stream of at most `horizon` inputs (>= 1, below 2^62). epsilon in (0, inf],
  /// sensitivity delta finite >= 0. Throws ConfigError otherwise. Allocates nothing.
  void reset(std::int64_t horizon, double epsilon, double sensitivity) {
    if (horizon < 1 || horizon >= (std::int64_t{1} << 62))
      throw ConfigError("BinaryTreeCounter", "horizon",
                        "horizon must be in 1..2^62 - 1, got " + std::to_string(horizon));
    require_valid_epsilon(epsilon, "BinaryTreeCounter");
    require_valid_sensitivity(sensitivity, "BinaryTreeCounter");
    horizon_ = horizon;
    epsilon_ = epsilon;
    sensitivity_ = sensitivity;
    levels_ = levels_for(horizon);
    noisy_ = adds_noise(epsilon);
    scale_ = noisy_ ? static_cast<double>(levels_) * sensitivity / epsilon : 0.0;
    restart();
  }

  /// Starts a new stream with the same parameters.
  void restart() {
    sum_ = 0.0;
    released_ = 0.0;
    steps_ = 0;
    noise_.reset(scale_);
  }

  /// Consumes x_t (|x_t| <= delta) and returns the released prefix sum S~_t. Draws one
  /// Lap(scale()) from `noise_rng` when epsilon < inf, nothing otherwise.
  double add(double x, Rng& noise_rng) {
    BANDITSIM_CHECK(steps_ < horizon_, "BinaryTreeCounter: more inputs than its horizon");
    BANDITSIM_CHECK(std::fabs(x) <= sensitivity_ || !noisy_,
                    "BinaryTreeCounter: an input larger than the sensitivity voids the privacy "
                    "guarantee");
    ++steps_;
    sum_ += x;
    released_ = noisy_ ? sum_ + noise_.advance(noise_rng) : sum_;
    return released_;
  }

  /// The last released S~_t (0 before the first input).
  double released() const { return released_; }

  /// L = floor(log2 T) + 1.
  int levels() const { return levels_; }
  /// The Laplace scale per block, L delta / epsilon (0 when epsilon = inf).
  double scale() const { return scale_; }
  /// Inputs consumed so far (t).
  std::int64_t steps() const { return steps_; }
  std::int64_t horizon() const { return horizon_; }
  double epsilon() const { return epsilon_; }
  double sensitivity() const { return sensitivity_; }

  /// floor(log2 T) + 1, T >= 1: the levels of dyadic blocks that complete within T steps.
  static int levels_for(std::int64_t horizon) {
    return std::bit_width(static_cast<std::uint64_t>(horizon));
  }

  /// Test hook: the blocks whose noisy sums make S~_t, highest level first (the binary
  /// expansion of t). The block ending at step s is always the same one, dyadic_block(l,
  /// s >> l) with l = countr_zero(s), whose noise add() drew at step s.
  static StepBlockList nodes_of(std::int64_t t) {
    StepBlockList blocks;
    append_dyadic_prefix(blocks, t);
    return blocks;
  }

 private:
  std::int64_t horizon_ = 0;
  double epsilon_ = kNoPrivacy;
  double sensitivity_ = 0.0;
  int levels_ = 0;
  bool noisy_ = false;
  double scale_ = 0.0;

  double sum_ = 0.0;
  double released_ = 0.0;
  std::int64_t steps_ = 0;
  DyadicPrefixNoise noise_;
};

}  // namespace banditsim::privacy
