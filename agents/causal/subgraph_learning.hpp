/// @file agents/causal/subgraph_learning.hpp
/// Causal Sub-graph Learning (CSL; Peng, Zhang, Mitra, IEEE TSP 73, 2025; spec
/// A.4.1, from the authors' code `learn_topo`/`update_MI`, HEAD 2025-06-30) and
/// the least-squares weight estimate given a learned sub-graph (A.4.2, `est_wt`).
///
/// Per mode m, LearnTopo starts from the complete digraph and removes, one at a
/// time, the candidate edge p -> n of largest score
///     Score[p, n] = MI_KSG(R_n, X_p) - w ln|b_p|
/// (R_n, b: residual and weights of node n's regression on its current candidate
/// parents over the cell (n, m) samples) until the graph is acyclic; after each
/// removal only column n* is re-scored (UpdateScore). Every removal deletes one
/// of at most N(N-1) edges, so the loop ends after at most N(N-1) removals; the
/// complete digraph needs at least N(N-1)/2 of them.
///
/// Exactly as the code: the argmax is the first maximum in row-major (p, n) order
/// (P-A11); b_p = 0 gives +inf (P-A10: removed first). Ours: the argmax runs over
/// the remaining edges only (numpy's over the whole matrix would stall on an edge
/// scored -inf); a NaN score counts as the largest (numpy's argmax returns the
/// first NaN); w = 0 drops the ln term (0 * ln 0 would be NaN).
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "agents/causal/ksg_mutual_information.hpp"
#include "agents/causal/least_squares.hpp"
#include "agents/causal/node_mode_samples.hpp"

namespace banditsim::causal {

/// Regression of one cell: y = X_n - nu_n on Z = X_parents over the segment
/// samples of cell (n, m), without intercept, minimum-norm (P-A9).
class CellRegressor {
 public:
  /// Fits; `weights` gets |parents| values, `residual` (unless empty) one value
  /// per segment sample.
  MinNormLeastSquares::Result fit(const NodeModeSamples& samples, std::size_t node,
                                  std::size_t mode, double noise_mean,
                                  std::span<const std::size_t> parents, std::span<double> weights,
                                  std::span<double> residual);
  /// Column j of the last fit's Z: parent j's values over the samples.
  std::span<const double> regressor(std::size_t j) const { return {&z_[j * rows_], rows_}; }

 private:
  std::size_t rows_ = 0;
  std::vector<double> z_, y_;
  MinNormLeastSquares least_squares_;
};

/// True if the 0/1 adjacency (N x N row-major, [p * N + n] = 1 iff p -> n) has no
/// directed cycle (Kahn's algorithm).
bool is_acyclic(std::span<const unsigned char> adjacency, std::size_t nodes);

class SubgraphLearner {
 public:
  struct Options {
    std::size_t ksg_k = 5;      ///< Neighbours of the KSG estimator (code: 5).
    double score_weight = 1.0;  ///< w in the score (code: 1).
  };

  explicit SubgraphLearner(Options options) : options_(options), ksg_(options.ksg_k) {}

  /// LearnTopo for mode m from the segment samples of the cells (n, m): writes the
  /// parent sets into `parents` (N x N row-major bytes). Returns the number of
  /// edges removed.
  std::size_t learn(const NodeModeSamples& samples, std::size_t mode,
                    std::span<const double> noise_mean, std::span<unsigned char> parents);

  /// EstWt for mode m: B^[L, n] = the cell's least-squares weights on its learned
  /// parents L, 0 elsewhere. `weights` is N x N column-major (an arma::mat's memory).
  void estimate_weights(const NodeModeSamples& samples, std::size_t mode,
                        std::span<const double> noise_mean, std::span<const unsigned char> parents,
                        std::span<double> weights);

 private:
  void update_score(const NodeModeSamples& samples, std::size_t node, std::size_t mode,
                    double noise_mean, std::span<const unsigned char> adjacency);

  Options options_;
  KsgMutualInformation ksg_;
  CellRegressor regressor_;
  std::vector<double> score_;  // N x N row-major
  std::vector<std::size_t> parent_list_;
  std::vector<double> b_, residual_;
};

}  // namespace banditsim::causal
