/// @file sim/families/causal/sem_model.hpp
/// The linear structural equation model of the causal family, and its closed
/// forms (spec Part A, A.2). Shared by the environment (exact expected rewards,
/// sampling) and by agents that plug estimated weights into the same formulas.
///
/// Weights: B(p, n) is the weight of edge p -> n, so column n holds node n's
/// incoming weights. Under action code a the weight matrix is B_a, column n from
/// B' if a_n = 1 and from B otherwise (eq. 2), and
///     X = B_a^T X + eps,  eps ~ N(nu, Sigma)       (eq. 3)
///     E[X | a] = (I - B_a^T)^{-1} nu                (eq. 6; note the transpose, P-A1).
/// When B and B' share a topological order (their union is a DAG, as in the
/// paper's model), the mean is the forward recursion
///     mu_n = nu_n + sum_p B_a(p, n) mu_p            in topological order,
/// O(edges) per action instead of a dense N x N inverse.
#pragma once

#include <armadillo>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "sim/families/causal/problem.hpp"

namespace banditsim::causal {

struct SemWeights {
  arma::mat observational;   ///< B  (N x N)
  arma::mat interventional;  ///< B' (N x N)

  std::size_t nodes() const { return observational.n_rows; }
  /// The matrix of mode m (0: B, 1: B').
  const arma::mat& of_mode(std::size_t mode) const {
    return mode == 0 ? observational : interventional;
  }
  arma::mat& of_mode(std::size_t mode) { return mode == 0 ? observational : interventional; }
};

/// A topological order of the graph with an edge p -> n wherever a(p, n) != 0 or
/// b(p, n) != 0 (Kahn's algorithm, smallest ready node first, so an upper-
/// triangular pair gives 0, 1, ..., N-1). Empty optional if that graph has a cycle.
std::optional<std::vector<std::size_t>> topological_order(const arma::mat& a, const arma::mat& b);

/// A directed cycle of that union graph as "2 -> 5 -> 2" (0-based node numbers),
/// or "" if there is none. For error messages.
std::string describe_cycle(const arma::mat& a, const arma::mat& b);

/// B_a: column n from `weights.interventional` if code intervenes on n, else
/// from `weights.observational` (eq. 2). `out` must be N x N.
void mix_weights(const SemWeights& weights, std::uint64_t code, arma::mat& out);

/// E[X | a] by the forward recursion over `order` (a topological order of the
/// union of both weight matrices). `means` must hold N values.
void node_means(const SemWeights& weights, std::uint64_t code, std::span<const std::size_t> order,
                std::span<const double> noise_mean, std::span<double> means);

/// Exact expected reward E[X_{N-1} | a] of every action (one forward recursion
/// each), written to `rewards` (one per action code).
void expected_rewards(const SemWeights& weights, std::span<const std::uint64_t> actions,
                      std::span<const std::size_t> order, std::span<const double> noise_mean,
                      std::span<double> rewards);

/// Parent indicator matrix of mode m's weights, N x N row-major ([p * N + n]).
std::vector<unsigned char> parent_indicators(const arma::mat& weights);

/// One piece of a piecewise-stationary environment (the whole run if stationary):
/// its weights and the exact quantities the metrics need.
struct SemSegment {
  std::int64_t start = 0;  ///< First step (0-based) at which this segment is in force.
  SemWeights weights;
  std::vector<std::size_t> order;       ///< Topological order of B and B' together.
  std::vector<double> expected_reward;  ///< Per action index.
  double best_reward = 0.0;             ///< max over actions.
  std::vector<unsigned char> optimal;   ///< Per action index: |best - reward| < tolerance.
  std::array<std::vector<unsigned char>, 2> parents;  ///< Per mode, N x N row-major.

  /// Fills order, expected_reward, best_reward, optimal and parents from weights.
  /// `tolerance` is the authors' is_opt tolerance (absolute, 0.01; spec A.3).
  /// Returns false if B and B' together are cyclic or `actions` is empty.
  bool finish(std::span<const std::uint64_t> actions, std::span<const double> noise_mean,
              double tolerance);
};

}  // namespace banditsim::causal
