/// @file agents/causal/least_squares.hpp
/// Minimum-norm ordinary least squares without intercept, min_b ||y - Z b||_2
/// with the smallest ||b||_2 among the minimisers (spec P-A9: what sklearn's
/// LinearRegression(fit_intercept=False) returns, used by the authors' code).
///
/// Method: Householder QR of Z (rows x cols), then a one-sided Jacobi SVD of the
/// small triangular factor R = U S V^T, so Z = (Q U) S V^T and
///     b = V S^+ U^T Q^T y,
/// never the normal equations (they square the condition number). Singular
/// values below rank_tolerance() = max(rows, cols) * eps * s_max count as zero
/// (numpy.linalg.lstsq's default cut-off; our choice). The smallest singular value
/// also gives lambda_max((Z^T Z)^{-1}) = 1 / s_min^2 for confidence bounds.
///
/// Our own code (no LAPACK), so results do not depend on the BLAS build, and a
/// solver reuses its buffers: no allocation once it has seen the largest problem.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace banditsim::causal {

class MinNormLeastSquares {
 public:
  struct Result {
    std::size_t rank = 0;           ///< Number of singular values above the tolerance.
    double largest_singular = 0.0;  ///< s_max(Z) (0 for an empty or zero Z).
    /// s_min(Z) over all cols singular values (0 when rank < cols).
    double smallest_singular = 0.0;
  };

  /// Solves for `b` (cols values). `z` is column-major, rows x cols (column j =
  /// regressor j over the samples), `y` has rows values. rows = 0 or cols = 0 is
  /// allowed (b = 0).
  Result solve(std::span<const double> z, std::size_t rows, std::size_t cols,
               std::span<const double> y, std::span<double> b);

  /// The singular values of the last solve, in no particular order (cols values).
  std::span<const double> singular_values() const { return {singular_.data(), cols_}; }

 private:
  std::size_t cols_ = 0;
  std::vector<double> a_;         // working copy of Z, then R (column-major)
  std::vector<double> qty_;       // Q^T y
  std::vector<double> v_;         // V (cols x cols, column-major)
  std::vector<double> singular_;  // |column k of R V|
};

}  // namespace banditsim::causal
