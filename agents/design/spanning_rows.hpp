/// @file agents/design/spanning_rows.hpp
/// A spanning subset of the rows of a feature matrix, for the Frank-Wolfe start "uniform on a
/// spanning subset" of spec Part B, B.4.2 (papers-causal-sparse). On the E1 action set
/// {e_1..e_d, u = 1/sqrt(d)} (rows in that order, B.6) it picks e_1..e_d, so the start is the
/// design B.6 fixes, already G-optimal (max g = d): Frank-Wolfe stops at once. [my design]
#pragma once

#include <armadillo>
#include <cstddef>
#include <vector>

namespace banditsim::design {

/// Greedy in row order: row a is kept iff it is not numerically in the span of the rows kept
/// before it, i.e. its component orthogonal to them (Gram-Schmidt against their orthonormal
/// basis, reorthogonalised once when cancellation is large) has norm > tolerance * |x_a|. Zero
/// rows are never kept. Stops as soon as X.n_cols rows are kept. Returns increasing indices; their
/// number is the numerical rank of X. X must be finite, tolerance in [0, 1) (BANDITSIM_CHECK).
/// Cost O(s d k) for k kept rows, less when rows are sparse (zero entries and zero projection
/// coefficients are skipped): E1 at d = 1024 costs O(d^2).
std::vector<std::size_t> spanning_rows(const arma::mat& X, double tolerance = 1e-10);

/// The start "uniform on a spanning subset" (B.4.2): weight 1/k on each of the k rows
/// spanning_rows(X, tolerance) returns, 0 elsewhere (length X.n_rows). For
/// DesignOptions::initial; g_optimal_design rejects it when X is not of full column rank.
arma::vec spanning_start(const arma::mat& X, double tolerance = 1e-10);

}  // namespace banditsim::design
