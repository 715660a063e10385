/// @file agents/privacy/dyadic_prefix_noise.hpp
/// The noise of the binary tree mechanism (spec papers-dp.md §2.4.1 [STD]: Dwork, Naor,
/// Pitassi & Rothblum 2010; Chan, Shi & Song 2011), the shared core of BinaryTreeCounter and
/// HybridCounter.
///
/// The mechanism releases at step t the sum of the noisy dyadic blocks of the binary
/// expansion of t, one per set bit: sum over those blocks of (block sum + its Lap(b) noise).
/// That is S_t + N_t, the exact prefix sum plus N_t, the sum of the noises of those blocks.
/// N_t depends only on t and the noise draws, never on the data; this class produces it.
///
/// Which noises exist. The block of level l, number k, is ((k - 1) 2^l, k 2^l]. It is part of
/// some prefix iff k is odd, and then it is first used at its last step t = k 2^l, where
/// l = countr_zero(t): exactly one used block completes per step (blocks with even k are
/// never released, so no noise is drawn for them: the released values have the same
/// distribution as when every completed block is noised). So `advance` draws exactly one
/// Lap(scale) per step, at the step that completes the block, and the draw is frozen: the
/// block keeps that noise in every later prefix (spec §2.6: redrawing breaks privacy).
///
/// State: cumulative_[l] = sum of the noises of the blocks of levels >= l in the current
/// prefix. From t - 1 to t the bits above l = countr_zero(t) are unchanged, bit l is set and
/// the bits below are cleared, so cumulative_[l] = cumulative_[l + 1] + new noise and the
/// levels below take that value: O(1) work per step on average, O(64) memory, no allocation.
/// Each N_t is the same fixed-order sum of frozen values, so no rounding drift accumulates.
#pragma once

#include <array>
#include <bit>
#include <cstdint>

#include "agents/privacy/laplace.hpp"
#include "sim/core/rng.hpp"

namespace banditsim::privacy {

class DyadicPrefixNoise {
 public:
  /// Starts again at step 0 with Lap(scale) per block (scale finite, >= 0).
  void reset(double scale) {
    scale_ = scale;
    steps_ = 0;
    cumulative_.fill(0.0);
  }

  /// Moves to step t = steps() + 1: draws the noise of the block that completes at t (one
  /// draw of `rng`) and returns N_t.
  double advance(Rng& rng) {
    const auto t = static_cast<std::uint64_t>(++steps_);
    const auto level = static_cast<std::size_t>(std::countr_zero(t));
    const double total = cumulative_[level + 1] + privacy::laplace(rng, scale_);
    for (std::size_t below = 0; below <= level; ++below) cumulative_[below] = total;
    return total;
  }

  /// N_t of the current step (0 at step 0).
  double current() const { return cumulative_[0]; }
  std::int64_t steps() const { return steps_; }
  double scale() const { return scale_; }

 private:
  double scale_ = 0.0;
  std::int64_t steps_ = 0;
  // Levels 0..62 for steps below 2^63, plus the empty level above the top one.
  std::array<double, 64> cumulative_{};
};

}  // namespace banditsim::privacy
