/// @file sim/families/linear_query/metrics.hpp
/// The metrics the linear_query family records: one value per replication each (a
/// pure-exploration agent is judged by its recommendation and the queries it spent).
#pragma once

#include <array>
#include <cstddef>

#include "sim/core/component.hpp"

namespace banditsim::linear_query {

/// Position of each metric in Family::metrics() and in an agent's output slots.
enum QueryMetric : std::size_t {
  kGap = 0,          ///< max_a r(a) - r(recommended); NaN where max r is unknown (hypercube).
  kLinearGap,        ///< max_a <phi(a), theta*> - <phi(recommended), theta*>.
  kGapBound,         ///< kGap where known, else kLinearGap + 2 epsilon (an upper bound).
  kGapOverEpsilon,   ///< kGapBound / epsilon.
  kDistinctQueries,  ///< distinct actions queried.
  kTotalPulls,       ///< pulls spent (<= budget).
  kParameterError,   ///< ||theta_hat - theta*||_1 (agents that estimate theta).
  kNumQueryMetrics
};

/// Descriptions, in QueryMetric order.
const std::array<MetricInfo, kNumQueryMetrics>& query_metrics();

}  // namespace banditsim::linear_query
