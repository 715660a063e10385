/// @file agents/dp_bai/arm_span.cpp
/// project_to_span: thin SVD of the arm matrix, keep the right singular vectors whose singular
/// values exceed the relative tolerance.
#include "agents/dp_bai/arm_span.hpp"

#include "sim/core/check.hpp"

namespace banditsim::dp_bai {

ArmSpan project_to_span(const arma::mat& arms, double relative_tolerance) {
  BANDITSIM_CHECK(arms.n_rows > 0 && arms.n_cols > 0,
                  "project_to_span needs at least one arm "
                  "and one feature");
  BANDITSIM_CHECK(arms.is_finite(), "project_to_span needs finite features");
  BANDITSIM_CHECK(relative_tolerance >= 0.0, "project_to_span needs a non-negative tolerance");

  // arms = W diag(sigma) V^T; the columns of V with sigma_k > tol * sigma_max span the row
  // space. Singular values come in decreasing order, so those columns are the first `rank`.
  arma::mat left, right;
  arma::vec singular;
  const bool ok = arma::svd_econ(left, singular, right, arms, "right");
  BANDITSIM_CHECK(ok, "SVD of the arm features failed");

  ArmSpan span;
  const double sigma_max = singular.is_empty() ? 0.0 : singular(0);
  const double threshold = relative_tolerance * sigma_max;
  while (span.rank < singular.n_elem && singular(span.rank) > threshold) ++span.rank;

  span.basis = right.head_cols(span.rank);
  span.coordinates = arms * span.basis;
  return span;
}

}  // namespace banditsim::dp_bai
