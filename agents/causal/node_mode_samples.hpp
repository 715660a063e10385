/// @file agents/causal/node_mode_samples.hpp
/// The bounded sample windows CSL-UCB reads, per (node n, mode m) "cell": the
/// samples X^t (all N node values) of the steps at which node n was in mode m.
///
///  - segment: the FIRST n_max of them since the cell's segment start T_i[m, n]
///    (spec A.4.2 and P-A3: the authors' `id_relate[:n_max]`; once full, the
///    cell's estimates freeze until a change restarts it). LearnTopo, EstWt and
///    ConfBound read only these.
///  - recent: a ring of the LAST W of them over the whole history, across segment
///    starts (P-A14: DetChangeCol's window).
///
/// Memory is 2 N (n_max + W) N doubles, fixed at reset: the agent never keeps
/// the history. Each cell's segment also has a version, bumped whenever its
/// sample set changes, so the agent can tell when an estimate is stale.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace banditsim::causal {

class NodeModeSamples {
 public:
  void reset(std::size_t nodes, std::size_t n_max, std::size_t window) {
    nodes_ = nodes;
    n_max_ = n_max;
    window_ = window;
    segment_.assign(2 * nodes * n_max * nodes, 0.0);
    recent_.assign(2 * nodes * window * nodes, 0.0);
    segment_count_.assign(2 * nodes, 0);
    recent_count_.assign(2 * nodes, 0);
    recent_next_.assign(2 * nodes, 0);
    version_.assign(2 * nodes, 0);
  }

  std::size_t nodes() const { return nodes_; }
  std::size_t n_max() const { return n_max_; }
  std::size_t window() const { return window_; }

  /// Files one observation into every node's cell of the mode the action gave it.
  /// `mode_of_node(n)` is node n's mode (0 or 1) under the action played.
  template <class ModeOf>
  void add(std::span<const double> x, ModeOf&& mode_of_node) {
    for (std::size_t n = 0; n < nodes_; ++n) add_to_cell(n, mode_of_node(n), x);
  }

  /// Starts a new segment of cell (n, m) holding only `keep` (empty: no sample).
  /// The recent ring is kept (P-A14).
  void restart(std::size_t node, std::size_t mode, std::span<const double> keep) {
    const std::size_t c = cell(node, mode);
    segment_count_[c] = 0;
    ++version_[c];
    if (!keep.empty()) push_segment(c, keep);
  }

  /// Number of segment samples of the cell (<= n_max).
  std::size_t segment_size(std::size_t node, std::size_t mode) const {
    return segment_count_[cell(node, mode)];
  }
  /// Segment sample s (0 = first) of the cell: N values.
  std::span<const double> segment_sample(std::size_t node, std::size_t mode, std::size_t s) const {
    return {&segment_[(cell(node, mode) * n_max_ + s) * nodes_], nodes_};
  }
  /// Bumped whenever the segment's sample set changes.
  std::uint64_t version(std::size_t node, std::size_t mode) const {
    return version_[cell(node, mode)];
  }

  /// Number of samples in the recent ring (<= W).
  std::size_t recent_size(std::size_t node, std::size_t mode) const {
    return recent_count_[cell(node, mode)];
  }
  /// Recent sample r of the cell, r = 0 the oldest kept.
  std::span<const double> recent_sample(std::size_t node, std::size_t mode, std::size_t r) const {
    const std::size_t c = cell(node, mode);
    const std::size_t start = recent_count_[c] < window_ ? 0 : recent_next_[c];
    const std::size_t slot = (start + r) % window_;
    return {&recent_[(c * window_ + slot) * nodes_], nodes_};
  }

 private:
  std::size_t cell(std::size_t node, std::size_t mode) const { return mode * nodes_ + node; }

  void push_segment(std::size_t c, std::span<const double> x) {
    if (segment_count_[c] >= n_max_) return;
    std::copy(
        x.begin(), x.end(),
        segment_.begin() + static_cast<std::ptrdiff_t>((c * n_max_ + segment_count_[c]) * nodes_));
    ++segment_count_[c];
    ++version_[c];
  }

  void add_to_cell(std::size_t node, std::size_t mode, std::span<const double> x) {
    const std::size_t c = cell(node, mode);
    push_segment(c, x);
    if (window_ == 0) return;
    std::copy(
        x.begin(), x.end(),
        recent_.begin() + static_cast<std::ptrdiff_t>((c * window_ + recent_next_[c]) * nodes_));
    recent_next_[c] = (recent_next_[c] + 1) % window_;
    recent_count_[c] = std::min(recent_count_[c] + 1, window_);
  }

  std::size_t nodes_ = 0, n_max_ = 0, window_ = 0;
  std::vector<double> segment_;  // [cell][sample][node]
  std::vector<double> recent_;   // [cell][slot][node]
  std::vector<std::size_t> segment_count_, recent_count_, recent_next_;
  std::vector<std::uint64_t> version_;
};

}  // namespace banditsim::causal
