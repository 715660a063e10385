/// @file sim/families/metric_expansion.hpp
/// Vector metrics (MetricInfo::extent) as the engine stores them: one final metric
/// per index of the dimension ("weight_0", "weight_1", ...). A family lists its
/// vector metric last, so its scalar metrics keep their indices, and writes index j
/// of the vector at metric index (number of scalar metrics) + j.
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/component.hpp"
#include "sim/families/family.hpp"

namespace banditsim {

/// Where an expanded metric comes from.
struct MetricOrigin {
  std::size_t family_metric = 0;  ///< Index into Family::metrics().
  std::size_t component = 0;      ///< Index along the extent (0 for scalar metrics).
  std::string dimension;          ///< The extent's dimension; empty for scalar metrics.
};

struct ExpandedMetrics {
  std::vector<MetricInfo> metrics;
  std::vector<MetricOrigin> origin;  ///< One per entry of `metrics`.
};

/// Expands `family_metrics` with `extent(dimension)` components per vector metric.
/// Throws InternalError if a vector metric is not final, not last, or not the only one.
ExpandedMetrics expand_metrics(std::span<const MetricInfo> family_metrics,
                               const std::function<std::size_t(std::string_view)>& extent);

/// The metrics of one prepared cell (for tools and tests that run a single cell).
ExpandedMetrics cell_metrics(const Family& family, const PreparedCell& prepared);

/// Whether expanded metric `metric` applies to `agent` of `prepared`: the family's
/// applies() for its metric, and the component within the cell's extent.
bool expanded_applies(const ExpandedMetrics& expanded, const PreparedCell& prepared,
                      std::size_t agent, std::size_t metric);

}  // namespace banditsim
