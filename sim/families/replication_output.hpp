/// @file sim/families/replication_output.hpp
/// Where a CellRunner writes one replication's metrics, and how they are laid out.
///
/// One buffer of doubles per replication, agent-major. Within an agent the metrics
/// follow Family::metrics() order: a curve metric takes one slot per record step,
/// a final-only or categorical metric one slot. A family whose metrics are all
/// curves (the bandit family) therefore sees each agent's slots as [metric][record].
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "sim/core/check.hpp"
#include "sim/core/component.hpp"

namespace banditsim {

class OutputLayout {
 public:
  OutputLayout() = default;
  OutputLayout(std::span<const MetricInfo> metrics, std::size_t agents, std::size_t records);

  std::size_t agents() const { return agents_; }
  std::size_t records() const { return records_; }
  std::size_t metrics() const { return kinds_.size(); }
  MetricKind kind(std::size_t metric) const { return kinds_[metric]; }
  /// Slots of one agent, and of the whole replication.
  std::size_t per_agent() const { return per_agent_; }
  std::size_t size() const { return agents_ * per_agent_; }
  /// First slot of `metric` within an agent, and how many it takes (records or 1).
  std::size_t offset(std::size_t metric) const { return offset_[metric]; }
  std::size_t width(std::size_t metric) const {
    return kinds_[metric] == MetricKind::kCurve ? records_ : 1;
  }
  /// The slot (within an agent) holding the replication's final value of `metric`.
  std::size_t final_slot(std::size_t metric) const { return offset_[metric] + width(metric) - 1; }
  /// Number of curve metrics (those with a value per record step).
  std::size_t curve_metrics() const;

 private:
  std::size_t agents_ = 0;
  std::size_t records_ = 0;
  std::size_t per_agent_ = 0;
  std::vector<MetricKind> kinds_;
  std::vector<std::size_t> offset_;
};

/// The layout of `metrics` curve metrics (for tests and tools that need no MetricInfo).
inline OutputLayout curves_only(std::size_t agents, std::size_t metrics, std::size_t records) {
  const std::vector<MetricInfo> curves(metrics);
  return OutputLayout(curves, agents, records);
}

/// One replication's buffer, seen through its layout.
class ReplicationOutput {
 public:
  ReplicationOutput(const OutputLayout& layout, std::span<double> buffer)
      : layout_(&layout), buffer_(buffer) {
    BANDITSIM_CHECK(buffer.size() == layout.size(), "replication buffer does not fit its layout");
  }

  const OutputLayout& layout() const { return *layout_; }
  /// All slots of agent `agent`, metrics in Family::metrics() order.
  std::span<double> agent(std::size_t agent) const {
    return buffer_.subspan(agent * layout_->per_agent(), layout_->per_agent());
  }
  /// The curve of a curve metric: one value per record step.
  std::span<double> curve(std::size_t agent, std::size_t metric) const {
    return buffer_.subspan(agent * layout_->per_agent() + layout_->offset(metric),
                           layout_->width(metric));
  }
  /// The single value of a final-only or categorical metric (for a categorical
  /// outcome, a non-negative whole number such as the index of an arm).
  double& value(std::size_t agent, std::size_t metric) const {
    return buffer_[agent * layout_->per_agent() + layout_->final_slot(metric)];
  }
  std::span<double> buffer() const { return buffer_; }

 private:
  const OutputLayout* layout_;
  std::span<double> buffer_;
};

}  // namespace banditsim
