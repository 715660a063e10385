/// @file agents/design/g_optimal_design.hpp
/// G-optimal design over projected arm features, for OD-LinBAI and its DP extension (spec Part 1,
/// §1.4.1 "G-optimal design [STD]"): the distribution pi over the s rows of Y minimising
/// max_a y_a^T V(pi)^{-1} y_a, V(pi) = sum_a pi_a y_a y_a^T. By Kiefer-Wolfowitz it is the
/// D-optimal design and the optimal value is r [STD]. Solved by Frank-Wolfe with the
/// Fedorov-Wynn step from the uniform design, stopping at max_a g_a <= r (1 + tolerance). The
/// optimum need not be unique and Frank-Wolfe stops short of it, so the returned weights depend
/// on the tolerance and the start (spec P14): keep tolerance 1e-3 and the uniform start.
#pragma once

#include <armadillo>
#include <cstddef>

namespace banditsim::design {

struct DesignOptions {
  double tolerance = 1e-3;  ///< stop when max_a g_a <= r (1 + tolerance) (spec P14)
  std::size_t max_iterations = 1000000;
};

struct Design {
  arma::vec weights;           ///< pi over the s rows, sums to 1, >= 0
  double max_variance = 0.0;   ///< max_a y_a^T V(pi)^{-1} y_a at the returned pi (>= r)
  std::size_t iterations = 0;  ///< Frank-Wolfe steps taken
  bool converged = false;
};

/// Frank-Wolfe (Fedorov-Wynn step) from the uniform design exactly as the spec:
/// g_a = y_a^T V(pi)^{-1} y_a, a* = argmax g (first index on ties), stop when g_{a*} <= r(1+tol),
/// else gamma = (g/r - 1)/(g - 1), pi <- (1 - gamma) pi + gamma e_{a*}. Y: s x r of rank r
/// (BANDITSIM_CHECK otherwise). Not converging within max_iterations steps returns
/// converged = false (the caller decides).
Design g_optimal_design(const arma::mat& Y, const DesignOptions& options = {});

}  // namespace banditsim::design
