/// @file sim/families/dp_bai/metrics.hpp
/// The metrics the dp_bai family records: one value per replication each (a
/// fixed-budget algorithm is judged by its single recommendation at the budget).
#pragma once

#include <array>
#include <cstddef>

#include "sim/core/component.hpp"

namespace banditsim::dp_bai {

/// Position of each metric in Family::metrics() and in an agent's output slots.
enum BaiMetric : std::size_t {
  kError = 0,     ///< 1 if the recommended arm is not the best arm, else 0.
  kSimpleRegret,  ///< mu* - mu(recommended arm).
  kRecommended,   ///< The recommended arm (categorical; the privacy audit's output).
  kEstimate,      ///< The agent's last estimate of the recommended arm's mean.
  kPulls,         ///< Pulls spent (<= the budget; floors leave a remainder, spec 1.3.3).
  kMaxDetPhases,  ///< Phases that took DP-BAI's Max-Det branch (dp_bai only).
  kNumBaiMetrics
};

/// Descriptions, in BaiMetric order.
const std::array<MetricInfo, kNumBaiMetrics>& bai_metrics();

}  // namespace banditsim::dp_bai
