/// @file agents/linear_query/lasso_solver.cpp
/// Cyclic coordinate descent for the Lasso (spec B.4.4). With r = y - X theta, the objective as a
/// function of theta_j alone is minimised at soft(X_j^T r / n + c_j theta_j, lambda) / c_j,
/// c_j = |X_j|^2 / n [STD]; after the step, r -= (change) X_j keeps r exact up to rounding.
#include "agents/linear_query/lasso_solver.hpp"

#include <algorithm>
#include <cmath>

#include "sim/core/check.hpp"

namespace banditsim::linear_query {

namespace {

/// sum_i a_i b_i with four partial sums (breaks the add latency chain; deterministic order).
double dot(const double* a, const double* b, std::size_t n) {
  double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    s0 += a[i] * b[i];
    s1 += a[i + 1] * b[i + 1];
    s2 += a[i + 2] * b[i + 2];
    s3 += a[i + 3] * b[i + 3];
  }
  for (; i < n; ++i) s0 += a[i] * b[i];
  return (s0 + s1) + (s2 + s3);
}

}  // namespace

double soft_threshold(double z, double lambda) {
  if (z > lambda) return z - lambda;
  if (z < -lambda) return z + lambda;
  return 0.0;
}

LassoSolver::LassoSolver(LassoOptions options) : options_(options) {
  BANDITSIM_CHECK(options_.tolerance >= 0.0, "LassoSolver needs a non-negative tolerance");
  BANDITSIM_CHECK(options_.max_sweeps >= 1, "LassoSolver needs max_sweeps >= 1");
}

LassoResult LassoSolver::solve(const arma::mat& X, const arma::vec& y, double lambda,
                               arma::vec& theta) {
  const std::size_t n = X.n_rows, d = X.n_cols;
  BANDITSIM_CHECK(n >= 1, "Lasso needs at least one sample");
  BANDITSIM_CHECK(y.n_elem == n, "Lasso: one response per row of X");
  BANDITSIM_CHECK(std::isfinite(lambda) && lambda >= 0.0, "Lasso needs a finite lambda >= 0");
  BANDITSIM_CHECK(y.is_finite(), "Lasso needs finite responses");
  if (theta.is_empty()) theta.zeros(d);
  BANDITSIM_CHECK(theta.n_elem == d, "Lasso: the warm start needs one value per column of X");
  BANDITSIM_CHECK(theta.is_finite(), "Lasso needs a finite warm start");

  const double inverse_n = 1.0 / static_cast<double>(n);
  column_norm_.resize(d);
  residual_.assign(y.begin(), y.end());
  double* r = residual_.data();
  for (std::size_t j = 0; j < d; ++j) {
    const double* x = X.colptr(j);
    column_norm_[j] = dot(x, x, n) * inverse_n;
    // A NaN or infinite entry makes the squared norm NaN or infinite.
    BANDITSIM_CHECK(std::isfinite(column_norm_[j]), "Lasso needs finite features");
    if (!(column_norm_[j] > 0.0)) theta(j) = 0.0;  // zero column: theta_j stays 0
    const double t = theta(j);
    if (t != 0.0)
      for (std::size_t i = 0; i < n; ++i) r[i] -= t * x[i];
  }

  LassoResult result;
  while (result.sweeps < options_.max_sweeps) {
    double max_change = 0.0, max_abs = 0.0;
    for (std::size_t j = 0; j < d; ++j) {
      const double c = column_norm_[j];
      if (!(c > 0.0)) continue;
      const double* x = X.colptr(j);
      const double old = theta(j);
      const double updated = soft_threshold(dot(x, r, n) * inverse_n + c * old, lambda) / c;
      const double change = updated - old;
      if (change != 0.0) {
        for (std::size_t i = 0; i < n; ++i) r[i] -= change * x[i];
        theta(j) = updated;
      }
      max_change = std::max(max_change, std::fabs(change));
      max_abs = std::max(max_abs, std::fabs(updated));
    }
    ++result.sweeps;
    result.max_change = max_change;
    if (max_change <= options_.tolerance * std::max(1.0, max_abs)) {
      result.converged = true;
      break;
    }
  }
  return result;
}

}  // namespace banditsim::linear_query
