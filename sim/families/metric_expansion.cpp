#include "sim/families/metric_expansion.hpp"

#include <string>

#include "sim/core/check.hpp"

namespace banditsim {

ExpandedMetrics expand_metrics(std::span<const MetricInfo> family_metrics,
                               const std::function<std::size_t(std::string_view)>& extent) {
  ExpandedMetrics out;
  bool vector_seen = false;
  for (std::size_t m = 0; m < family_metrics.size(); ++m) {
    const MetricInfo& metric = family_metrics[m];
    if (metric.extent.empty()) {
      BANDITSIM_CHECK(!vector_seen, "a family's vector metric comes after its scalar metrics");
      out.metrics.push_back(metric);
      out.origin.push_back({m, 0, {}});
      continue;
    }
    BANDITSIM_CHECK(!vector_seen, "a family has at most one vector metric");
    BANDITSIM_CHECK(metric.kind == MetricKind::kFinal, "a vector metric is final");
    vector_seen = true;
    const std::size_t size = extent(metric.extent);
    for (std::size_t j = 0; j < size; ++j) {
      MetricInfo component = metric;
      component.name = metric.name + "_" + std::to_string(j);
      component.long_name = metric.long_name + " [" + metric.extent + " " + std::to_string(j) + "]";
      component.extent.clear();
      out.metrics.push_back(std::move(component));
      out.origin.push_back({m, j, metric.extent});
    }
  }
  return out;
}

ExpandedMetrics cell_metrics(const Family& family, const PreparedCell& prepared) {
  return expand_metrics(family.metrics(),
                        [&](std::string_view dimension) { return prepared.extent(dimension); });
}

bool expanded_applies(const ExpandedMetrics& expanded, const PreparedCell& prepared,
                      std::size_t agent, std::size_t metric) {
  const MetricOrigin& origin = expanded.origin[metric];
  if (!prepared.applies(agent, origin.family_metric)) return false;
  return origin.dimension.empty() || origin.component < prepared.extent(origin.dimension);
}

}  // namespace banditsim
