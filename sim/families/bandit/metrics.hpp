/// @file sim/families/bandit/metrics.hpp
/// The metrics the bandit family records at each record step.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "sim/core/component.hpp"

namespace banditsim::bandit {

/// Position of each curve metric in a curve buffer ([metric][record]).
enum BanditMetric : std::size_t {
  kRegret = 0,       ///< Cumulative pseudo-regret: sum over steps of mu* - mu(a_t).
  kSimpleRegret,     ///< mu* - mu(recommendation).
  kError,            ///< 1 if the recommendation is not an optimal arm, else 0.
  kBestArmRate,      ///< Fraction of pulls so far on an optimal arm.
  kNumBanditMetrics  ///< The curve metrics: what the time loop's curve buffer holds.
};

/// The categorical metric after the curves: the pulled arms a_1..a_T as the base-K number
/// a_1 a_2 ... a_T (a_1 most significant), recorded only when K^T <= 2^53 (so that the
/// code is exact in a double); elsewhere it does not apply (fill value -1). The privacy
/// audit's output of dp_ucb.
inline constexpr std::size_t kPullSequence = kNumBanditMetrics;
/// Every metric of the family: the curves, then pull_sequence.
inline constexpr std::size_t kNumBanditAllMetrics = kNumBanditMetrics + 1;

/// True if the pull sequence of `arms` arms over `horizon` steps fits (K^T <= 2^53).
bool pull_sequence_fits(std::size_t arms, std::int64_t horizon);

/// Descriptions, in BanditMetric order, then pull_sequence.
const std::array<MetricInfo, kNumBanditAllMetrics>& bandit_metrics();

}  // namespace banditsim::bandit
