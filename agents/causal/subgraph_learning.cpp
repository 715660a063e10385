#include "agents/causal/subgraph_learning.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace banditsim::causal {

MinNormLeastSquares::Result CellRegressor::fit(const NodeModeSamples& samples, std::size_t node,
                                               std::size_t mode, double noise_mean,
                                               std::span<const std::size_t> parents,
                                               std::span<double> weights,
                                               std::span<double> residual) {
  rows_ = samples.segment_size(node, mode);
  const std::size_t cols = parents.size();
  z_.resize(rows_ * cols);
  y_.resize(rows_);
  for (std::size_t s = 0; s < rows_; ++s) {
    const std::span<const double> x = samples.segment_sample(node, mode, s);
    y_[s] = x[node] - noise_mean;
    for (std::size_t j = 0; j < cols; ++j) z_[j * rows_ + s] = x[parents[j]];
  }
  const auto result = least_squares_.solve(z_, rows_, cols, y_, weights);
  if (!residual.empty()) {
    for (std::size_t s = 0; s < rows_; ++s) {
      double r = y_[s];
      for (std::size_t j = 0; j < cols; ++j) r -= z_[j * rows_ + s] * weights[j];
      residual[s] = r;
    }
  }
  return result;
}

bool is_acyclic(std::span<const unsigned char> adjacency, std::size_t nodes) {
  constexpr std::size_t kStackNodes = 64;
  std::size_t in_degree[kStackNodes] = {};
  std::size_t ready[kStackNodes];
  std::vector<std::size_t> heap_in, heap_ready;
  std::size_t* degree = in_degree;
  std::size_t* queue = ready;
  if (nodes > kStackNodes) {
    heap_in.assign(nodes, 0);
    heap_ready.assign(nodes, 0);
    degree = heap_in.data();
    queue = heap_ready.data();
  }
  for (std::size_t p = 0; p < nodes; ++p)
    for (std::size_t n = 0; n < nodes; ++n) degree[n] += adjacency[p * nodes + n] != 0;
  std::size_t head = 0, tail = 0;
  for (std::size_t n = 0; n < nodes; ++n)
    if (degree[n] == 0) queue[tail++] = n;
  while (head < tail) {
    const std::size_t p = queue[head++];
    for (std::size_t n = 0; n < nodes; ++n)
      if (adjacency[p * nodes + n] != 0 && --degree[n] == 0) queue[tail++] = n;
  }
  return tail == nodes;
}

void SubgraphLearner::update_score(const NodeModeSamples& samples, std::size_t node,
                                   std::size_t mode, double noise_mean,
                                   std::span<const unsigned char> adjacency) {
  const std::size_t nodes = samples.nodes();
  parent_list_.clear();
  for (std::size_t p = 0; p < nodes; ++p)
    if (adjacency[p * nodes + node] != 0) parent_list_.push_back(p);
  if (parent_list_.empty()) return;
  const std::size_t rows = samples.segment_size(node, mode);
  b_.resize(parent_list_.size());
  residual_.resize(rows);
  regressor_.fit(samples, node, mode, noise_mean, parent_list_, b_, residual_);
  for (std::size_t j = 0; j < parent_list_.size(); ++j) {
    double score = ksg_.estimate(residual_, regressor_.regressor(j));
    // -w ln|b| with b = 0 is +inf (P-A10).
    if (options_.score_weight != 0.0) score -= options_.score_weight * std::log(std::fabs(b_[j]));
    score_[parent_list_[j] * nodes + node] = score;
  }
}

std::size_t SubgraphLearner::learn(const NodeModeSamples& samples, std::size_t mode,
                                   std::span<const double> noise_mean,
                                   std::span<unsigned char> parents) {
  const std::size_t nodes = samples.nodes();
  constexpr double kMinusInf = -std::numeric_limits<double>::infinity();
  score_.assign(nodes * nodes, kMinusInf);
  for (std::size_t p = 0; p < nodes; ++p)
    for (std::size_t n = 0; n < nodes; ++n) parents[p * nodes + n] = p != n ? 1 : 0;
  for (std::size_t n = 0; n < nodes; ++n) update_score(samples, n, mode, noise_mean[n], parents);
  std::size_t removed = 0;
  while (!is_acyclic(parents, nodes)) {
    // First maximum in row-major order over the remaining edges (P-A11); NaN wins.
    std::size_t best = nodes * nodes;
    double best_score = kMinusInf;
    for (std::size_t e = 0; e < nodes * nodes; ++e) {
      if (parents[e] == 0) continue;
      const double s = score_[e];
      if (std::isnan(s)) {
        best = e;
        break;
      }
      if (best == nodes * nodes || s > best_score) {
        best = e;
        best_score = s;
      }
    }
    parents[best] = 0;
    score_[best] = kMinusInf;
    ++removed;
    const std::size_t n = best % nodes;
    update_score(samples, n, mode, noise_mean[n], parents);
  }
  return removed;
}

void SubgraphLearner::estimate_weights(const NodeModeSamples& samples, std::size_t mode,
                                       std::span<const double> noise_mean,
                                       std::span<const unsigned char> parents,
                                       std::span<double> weights) {
  const std::size_t nodes = samples.nodes();
  std::fill(weights.begin(), weights.end(), 0.0);
  for (std::size_t n = 0; n < nodes; ++n) {
    parent_list_.clear();
    for (std::size_t p = 0; p < nodes; ++p)
      if (parents[p * nodes + n] != 0) parent_list_.push_back(p);
    if (parent_list_.empty()) continue;
    b_.resize(parent_list_.size());
    regressor_.fit(samples, n, mode, noise_mean[n], parent_list_, b_, {});
    for (std::size_t j = 0; j < parent_list_.size(); ++j)
      weights[n * nodes + parent_list_[j]] = b_[j];
  }
}

}  // namespace banditsim::causal
