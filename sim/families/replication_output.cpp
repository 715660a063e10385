#include "sim/families/replication_output.hpp"

#include <algorithm>

namespace banditsim {

OutputLayout::OutputLayout(std::span<const MetricInfo> metrics, std::size_t agents,
                           std::size_t records)
    : agents_(agents), records_(records) {
  BANDITSIM_CHECK(records > 0, "a cell records at least one step");
  for (const MetricInfo& metric : metrics) {
    kinds_.push_back(metric.kind);
    offset_.push_back(per_agent_);
    per_agent_ += width(kinds_.size() - 1);
  }
}

std::size_t OutputLayout::curve_metrics() const {
  return static_cast<std::size_t>(std::count(kinds_.begin(), kinds_.end(), MetricKind::kCurve));
}

}  // namespace banditsim
