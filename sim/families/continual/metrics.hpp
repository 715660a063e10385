/// @file sim/families/continual/metrics.hpp
/// The metrics the continual family records (spec papers-dp.md §2.1, accuracy at every t).
#pragma once

#include <array>
#include <cstddef>

#include "sim/core/component.hpp"

namespace banditsim::continual {

/// Position of each metric in Family::metrics() and in an agent's output slots.
enum ContinualMetric : std::size_t {
  kError = 0,   ///< Curve: |y_t - max_j S_t[j]| at the record steps (not for batch).
  kMaxError,    ///< max over t <= T of the error (batch: its one release, at T).
  kFinalError,  ///< The error at t = T.
  kTrueMax,     ///< max_j S_T[j] (what outputting 0 would miss by).
  kUpdates,     ///< Rounds the sparse-vector mechanism used (svt_max only).
  kExhausted,   ///< 1 if it used all its rounds before T (svt_max only).
  kNumContinualMetrics
};

/// Descriptions, in ContinualMetric order.
const std::array<MetricInfo, kNumContinualMetrics>& continual_metrics();

}  // namespace banditsim::continual
