/// @file sim/families/bandit/metrics.hpp
/// The metrics the bandit family records at each record step.
#pragma once

#include <array>
#include <cstddef>

#include "sim/core/component.hpp"

namespace banditsim::bandit {

/// Position of each metric in a curve buffer ([metric][record]).
enum BanditMetric : std::size_t {
  kRegret = 0,    ///< Cumulative pseudo-regret: sum over steps of mu* - mu(a_t).
  kSimpleRegret,  ///< mu* - mu(recommendation).
  kError,         ///< 1 if the recommendation is not an optimal arm, else 0.
  kBestArmRate,   ///< Fraction of pulls so far on an optimal arm.
  kNumBanditMetrics
};

/// Descriptions, in BanditMetric order.
const std::array<MetricInfo, kNumBanditMetrics>& bandit_metrics();

}  // namespace banditsim::bandit
