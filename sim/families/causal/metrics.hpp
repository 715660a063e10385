/// @file sim/families/causal/metrics.hpp
/// The metrics the causal family records (issue 8, spec A.5). Curves are taken at
/// each record step; the others once per replication.
#pragma once

#include <array>
#include <cstddef>

#include "sim/core/component.hpp"

namespace banditsim::causal {

/// Position of each metric in Family::metrics() order.
enum CausalMetric : std::size_t {
  kRegret = 0,          ///< Realised-reward regret: sum_s best(s) - X^s_{N-1} (authors', A.5).
  kPseudoRegret,        ///< sum_s best(s) - E[reward of a_s] (noise-free).
  kNormalizedRegret,    ///< kRegret / sum over all T steps of |best(s)| (T x best if stationary).
  kCumulativeReward,    ///< sum_s X^s_{N-1}.
  kOptimalRate,         ///< Fraction of optimal actions in the window (t - w, t].
  kFalsePositiveEdges,  ///< Edges of the agent's graph (both modes) absent from the truth.
  kFalseNegativeEdges,  ///< True edges (both modes) missing from the agent's graph.
  kStepsToStructure,    ///< Steps until the first graph estimate without false negatives.
  kStructureLearned,    ///< 1 if such an estimate appeared within the horizon.
  kDetectionDelay,      ///< Mean over change points of the steps until a detection.
  kMissedChanges,       ///< Change points not detected within the alarm window.
  kFalseAlarms,         ///< Detections not within the alarm window after a change point.
  kIllConditioned,      ///< Actions skipped as ill-conditioned (spec P-A8), over the run.
  kNumCausalMetrics
};

/// Descriptions, in CausalMetric order.
const std::array<MetricInfo, kNumCausalMetrics>& causal_metrics();

}  // namespace banditsim::causal
