// Minimum-norm least squares (agents/causal/least_squares.hpp; spec P-A9): against
// Armadillo's pseudo-inverse (LAPACK SVD), on full-rank, rank-deficient and
// underdetermined systems.
#include <doctest/doctest.h>

#include <armadillo>
#include <cmath>
#include <vector>

#include "agents/causal/least_squares.hpp"
#include "sim/core/distributions.hpp"

using namespace banditsim;
using namespace banditsim::causal;

namespace {

arma::mat random_matrix(std::size_t rows, std::size_t cols, Rng& rng) {
  arma::mat z(rows, cols);
  for (double& v : z) v = standard_normal(rng);
  return z;
}

arma::vec solve(MinNormLeastSquares& solver, const arma::mat& z, const arma::vec& y,
                MinNormLeastSquares::Result* result = nullptr) {
  arma::vec b(z.n_cols);
  const auto r = solver.solve(std::span<const double>(z.memptr(), z.n_elem), z.n_rows, z.n_cols,
                              std::span<const double>(y.memptr(), y.n_elem),
                              std::span<double>(b.memptr(), b.n_elem));
  if (result != nullptr) *result = r;
  return b;
}

}  // namespace

TEST_CASE("csl least squares equals the pseudo-inverse solution on a full-rank system") {
  Rng rng(3);
  MinNormLeastSquares solver;
  for (std::size_t cols : {1U, 4U, 9U}) {
    const arma::mat z = random_matrix(100, cols, rng);
    const arma::vec y = random_matrix(100, 1, rng);
    MinNormLeastSquares::Result result;
    const arma::vec b = solve(solver, z, y, &result);
    const arma::vec reference = arma::pinv(z) * y;
    CHECK(result.rank == cols);
    CHECK(arma::norm(b - reference) <= 1e-12 * (1.0 + arma::norm(reference)));
    const arma::vec s = arma::svd(z);
    CHECK(std::fabs(result.largest_singular - s.max()) <= 1e-12 * s.max());
    CHECK(std::fabs(result.smallest_singular - s.min()) <= 1e-12 * s.max());
  }
}

TEST_CASE("csl least squares gives the minimum-norm solution when columns are collinear") {
  Rng rng(4);
  MinNormLeastSquares solver;
  // Column 2 = column 0: the minimisers are b0 + b2 = beta, and the minimum norm
  // splits beta equally.
  arma::mat z = random_matrix(50, 3, rng);
  z.col(2) = z.col(0);
  const arma::vec y = 2.0 * z.col(0) - z.col(1) + 0.1 * random_matrix(50, 1, rng);
  MinNormLeastSquares::Result result;
  const arma::vec b = solve(solver, z, y, &result);
  CHECK(result.rank == 2);
  CHECK(result.smallest_singular == 0.0);
  CHECK(std::fabs(b(0) - b(2)) <= 1e-12);
  CHECK(arma::norm(b - arma::pinv(z) * y) <= 1e-10);
  // A zero column gets weight 0.
  arma::mat with_zero = random_matrix(20, 2, rng);
  with_zero.col(1).zeros();
  const arma::vec b0 = solve(solver, with_zero, random_matrix(20, 1, rng));
  CHECK(b0(1) == 0.0);
}

TEST_CASE("csl least squares with fewer samples than regressors interpolates with minimum norm") {
  Rng rng(5);
  MinNormLeastSquares solver;
  const arma::mat z = random_matrix(3, 6, rng);
  const arma::vec y = random_matrix(3, 1, rng);
  MinNormLeastSquares::Result result;
  const arma::vec b = solve(solver, z, y, &result);
  CHECK(result.rank == 3);
  CHECK(arma::norm(z * b - y) <= 1e-12);
  CHECK(arma::norm(b - arma::pinv(z) * y) <= 1e-12);
}

TEST_CASE("csl least squares with no samples or no regressors returns b = 0") {
  MinNormLeastSquares solver;
  std::vector<double> b(3, 7.0);
  const auto result = solver.solve({}, 0, 3, {}, b);
  CHECK(result.rank == 0);
  CHECK(b == std::vector<double>(3, 0.0));
  CHECK(solver.solve({}, 5, 0, std::vector<double>(5, 1.0), {}).rank == 0);
}
