/// @file agents/design/g_optimal_design.hpp
/// G-optimal design over the rows of a feature matrix, shared by families: OD-LinBAI and its DP
/// extension (papers-dp spec Part 1, §1.4.1 "G-optimal design [STD]") and ODLS of the
/// linear_query family (papers-causal-sparse spec Part B, B.4.2): the distribution pi over the s
/// rows of Y minimising max_a y_a^T V(pi)^{-1} y_a, V(pi) = sum_a pi_a y_a y_a^T. By
/// Kiefer-Wolfowitz it is the D-optimal design and the optimal value is r [STD]. Solved by
/// Frank-Wolfe with the Fedorov-Wynn step from the uniform design (or a given start), stopping at
/// max_a g_a <= r (1 + tolerance). The optimum need not be unique and Frank-Wolfe stops short of
/// it, so the returned weights depend on the tolerance and the start (spec P14): dp_bai keeps
/// tolerance 1e-3 and the uniform start; B.4.2 allows "uniform on a spanning subset" (see
/// agents/design/spanning_rows.hpp), which B.6 E1 needs.
#pragma once

#include <armadillo>
#include <cstddef>

namespace banditsim::design {

struct DesignOptions {
  double tolerance = 1e-3;  ///< stop when max_a g_a <= r (1 + tolerance) (spec P14)
  std::size_t max_iterations = 1000000;
  /// Starting weights over the s rows (>= 0, summing to 1 within 1e-12 s; BANDITSIM_CHECK).
  /// Empty: uniform on all rows, the spec's default. Rows of zero weight may enter later.
  arma::vec initial;
};

struct Design {
  arma::vec weights;           ///< pi over the s rows, sums to 1, >= 0
  double max_variance = 0.0;   ///< max_a y_a^T V(pi)^{-1} y_a at the returned pi (>= r)
  std::size_t iterations = 0;  ///< Frank-Wolfe steps taken
  bool converged = false;
};

/// Frank-Wolfe (Fedorov-Wynn step) from options.initial (default uniform) exactly as the spec:
/// g_a = y_a^T V(pi)^{-1} y_a, a* = argmax g (first index on ties), stop when g_{a*} <= r(1+tol),
/// else gamma = (g/r - 1)/(g - 1), pi <- (1 - gamma) pi + gamma e_{a*}. Y: s x r with V(start)
/// of rank r, so Y of rank r (BANDITSIM_CHECK otherwise). Not converging within max_iterations
/// steps returns converged = false (the caller decides).
Design g_optimal_design(const arma::mat& Y, const DesignOptions& options = {});

}  // namespace banditsim::design
