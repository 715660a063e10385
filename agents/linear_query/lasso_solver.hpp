/// @file agents/linear_query/lasso_solver.hpp
/// The Lasso of LassoETC (spec Part B, B.4.4, papers-causal-sparse):
///     theta_hat = argmin_theta (1/2n) sum_t (y_t - <x_t, theta>)^2 + lambda |theta|_1,
/// by cyclic coordinate descent with residual updates [STD] (Friedman, Hastie, Tibshirani 2010):
/// no Gram matrix (d may be 1000 and n 16000, E3 of B.6), each coordinate step is a
/// soft-threshold of the partial-residual correlation, O(n) per coordinate.
#pragma once

#include <armadillo>
#include <cstddef>
#include <vector>

namespace banditsim::linear_query {

struct LassoOptions {
  /// Converged when a whole sweep changes no coordinate by more than
  /// tolerance * max(1, max_j |theta_j|): absolute while |theta|_inf <= 1 (E3 has |theta*|_1 = 1),
  /// relative above [my design].
  double tolerance = 1e-10;
  std::size_t max_sweeps = 100000;
};

struct LassoResult {
  std::size_t sweeps = 0;   ///< full cyclic passes over the d coordinates
  bool converged = false;   ///< the last sweep met the tolerance
  double max_change = 0.0;  ///< max_j |change of theta_j| over the last sweep
};

/// Owns its work buffers (residual, column squared norms): solving again with the same n and d
/// allocates nothing.
class LassoSolver {
 public:
  explicit LassoSolver(LassoOptions options = {});

  /// Minimises the objective above for X (n x d, column-major: column j = feature j over the n
  /// samples), y (n values), lambda >= 0. theta: the start (warm start; d values) or empty for
  /// theta = 0; on return the solution. A column with zero norm gets theta_j = 0. Stops at
  /// convergence or after max_sweeps (converged = false: the caller decides). BANDITSIM_CHECK on
  /// mismatched sizes, n = 0, non-finite y or X columns, lambda < 0.
  LassoResult solve(const arma::mat& X, const arma::vec& y, double lambda, arma::vec& theta);

  const LassoOptions& options() const { return options_; }

 private:
  LassoOptions options_;
  std::vector<double> residual_;     // y - X theta
  std::vector<double> column_norm_;  // |X_j|^2 / n
};

/// soft(z, lambda) = sign(z) max(|z| - lambda, 0).
double soft_threshold(double z, double lambda);

}  // namespace banditsim::linear_query
