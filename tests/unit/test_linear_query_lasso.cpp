/// @file tests/unit/test_linear_query_lasso.cpp
/// The Lasso solver of LassoETC (agents/linear_query/lasso_solver, spec Part B, B.4.4) against
/// closed forms (1-D soft-threshold, orthogonal columns, the noiseless support-recovery
/// solution), the KKT conditions and lambda_max (spec B.9 item 7). All problems are seeded.
#include <doctest/doctest.h>

#include <armadillo>
#include <cmath>
#include <cstddef>
#include <vector>

#include "agents/linear_query/lasso_solver.hpp"
#include "sim/core/check.hpp"
#include "sim/core/distributions.hpp"

using namespace banditsim;
using namespace banditsim::linear_query;

namespace {

arma::mat random_gaussian(std::size_t rows, std::size_t cols, Rng& rng) {
  arma::mat m(rows, cols);
  for (double& v : m) v = standard_normal(rng);
  return m;
}

/// lambda_max = max_j |X_j^T y| / n: the smallest lambda with theta = 0 a solution [STD].
double lambda_max(const arma::mat& x, const arma::vec& y) {
  return arma::abs(x.t() * y).max() / static_cast<double>(x.n_rows);
}

/// The largest violation of the Lasso KKT conditions at theta: with g = X^T (y - X theta) / n,
/// |g_j| <= lambda where theta_j = 0 and g_j = lambda sign(theta_j) elsewhere [STD].
double kkt_violation(const arma::mat& x, const arma::vec& y, double lambda,
                     const arma::vec& theta) {
  const arma::vec g = x.t() * (y - x * theta) / static_cast<double>(x.n_rows);
  double worst = 0.0;
  for (std::size_t j = 0; j < theta.n_elem; ++j) {
    const double violation = theta(j) == 0.0
                                 ? std::max(0.0, std::fabs(g(j)) - lambda)
                                 : std::fabs(g(j) - lambda * (theta(j) > 0.0 ? 1.0 : -1.0));
    worst = std::max(worst, violation);
  }
  return worst;
}

}  // namespace

TEST_CASE("linear_query lasso: soft_threshold") {
  CHECK(soft_threshold(3.0, 1.0) == 2.0);
  CHECK(soft_threshold(-3.0, 1.0) == -2.0);
  CHECK(soft_threshold(0.5, 1.0) == 0.0);
  CHECK(soft_threshold(-1.0, 1.0) == 0.0);
  CHECK(soft_threshold(-0.25, 0.0) == -0.25);
}

TEST_CASE("linear_query lasso: one feature has the closed form soft(x.y/n, lambda)/(|x|^2/n)") {
  // B.9 item 7: d = 1, theta = soft(<x, y>/n, lambda) / (|x|^2 / n), reached in the first
  // sweep; the second sweep changes nothing.
  Rng rng(4401);
  const std::size_t n = 37;
  const arma::mat x = random_gaussian(n, 1, rng) * 1.7;
  const arma::vec y = 0.8 * x.col(0) + arma::vec(random_gaussian(n, 1, rng));
  const double correlation = arma::dot(x.col(0), y) / n;
  const double curvature = arma::dot(x.col(0), x.col(0)) / n;
  REQUIRE(std::fabs(correlation) > 0.5);
  LassoSolver solver;
  for (double lambda : {0.0, 0.1, 0.5 * std::fabs(correlation), 0.999 * std::fabs(correlation),
                        std::fabs(correlation), 2.0}) {
    CAPTURE(lambda);
    arma::vec theta;
    const LassoResult result = solver.solve(x, y, lambda, theta);
    const double expected = soft_threshold(correlation, lambda) / curvature;
    CHECK(result.converged);
    CHECK(result.sweeps <= 2);
    REQUIRE(theta.n_elem == 1);
    CHECK(std::fabs(theta(0) - expected) <= 1e-13 * std::max(1.0, std::fabs(expected)));
    if (lambda > 1.01 * std::fabs(correlation)) CHECK(theta(0) == 0.0);
  }
}

TEST_CASE("linear_query lasso: orthogonal columns are soft-thresholded one by one") {
  // X_j^T X_k = 0 for j != k decouples the coordinates: theta_j = soft(X_j^T y/n, lambda)/c_j,
  // c_j = |X_j|^2 / n [STD]. Columns of different norms, and one zero column (theta_j = 0 even
  // from a non-zero warm start).
  Rng rng(4402);
  const std::size_t n = 40, d = 6;
  arma::mat q, r;
  REQUIRE(arma::qr_econ(q, r, random_gaussian(n, d, rng)));
  const arma::vec scales{1.0, 3.0, 0.5, 2.0, 0.0, 7.0};
  const arma::mat x = q * arma::diagmat(scales);
  const arma::vec y = random_gaussian(n, 1, rng);
  LassoSolver solver;
  for (double lambda : {0.0, 0.02, 0.1}) {
    CAPTURE(lambda);
    arma::vec theta(d, arma::fill::value(0.3));
    const LassoResult result = solver.solve(x, y, lambda, theta);
    CHECK(result.converged);
    std::size_t zeros = 0;
    for (std::size_t j = 0; j < d; ++j) {
      CAPTURE(j);
      const double c = arma::dot(x.col(j), x.col(j)) / n;
      const double expected =
          c > 0.0 ? soft_threshold(arma::dot(x.col(j), y) / n, lambda) / c : 0.0;
      CHECK(std::fabs(theta(j) - expected) <= 1e-12 * std::max(1.0, std::fabs(expected)));
      if (expected == 0.0) {
        CHECK(theta(j) == 0.0);
        ++zeros;
      }
    }
    CHECK(theta(4) == 0.0);
    if (lambda == 0.1) CHECK(zeros >= 2);  // the threshold is active beyond the zero column
  }
}

TEST_CASE("linear_query lasso: the solution of a random problem meets the KKT conditions") {
  // The KKT conditions characterise the minimisers [STD]; to 1e-8 at the default tolerance
  // (1e-10 per coordinate, so the gradient moves by <= 1e-10 sum_k |X_j^T X_k|/n ~ 1e-9 here).
  Rng rng(4403);
  for (std::size_t trial = 0; trial < 5; ++trial) {
    CAPTURE(trial);
    const std::size_t n = 60 + 30 * trial, d = 25;
    arma::mat x = random_gaussian(n, d, rng);
    x.col(1) = 0.9 * x.col(0) + 0.1 * x.col(1);  // correlated columns: several sweeps needed
    arma::vec truth(d, arma::fill::zeros);
    truth(0) = 1.0;
    truth(3) = -0.7;
    truth(10) = 0.4;
    const arma::vec y = x * truth + 0.5 * arma::vec(random_gaussian(n, 1, rng));
    const double lambda = 0.1 * lambda_max(x, y);
    LassoSolver solver;
    arma::vec theta;
    const LassoResult result = solver.solve(x, y, lambda, theta);
    CHECK(result.converged);
    CHECK(result.sweeps > 2);
    CHECK(kkt_violation(x, y, lambda, theta) <= 1e-8);
    const arma::uword nonzero = arma::accu(theta != 0.0);
    CHECK(nonzero >= 3);  // both kinds of condition are exercised
    CHECK(nonzero < d);

    // Warm start at the solution: one sweep, (almost) no change.
    arma::vec warm = theta;
    const LassoResult again = solver.solve(x, y, lambda, warm);
    CHECK(again.converged);
    CHECK(again.sweeps == 1);
    CHECK(arma::abs(warm - theta).max() <= 1e-9);
  }
}

TEST_CASE("linear_query lasso: lambda at or above lambda_max gives theta = 0") {
  // At theta = 0 the gradient is X^T y / n, so theta = 0 is the solution iff lambda >= lambda_max
  // [STD]; from theta = 0 the first sweep changes nothing. Just below lambda_max it is not 0.
  // (1 + 1e-9 rather than 1: the solver's X_j^T y may differ from LAPACK's in the last bits.)
  Rng rng(4404);
  const std::size_t n = 80, d = 30;
  const arma::mat x = random_gaussian(n, d, rng);
  const arma::vec y = x.col(7) * 0.5 + arma::vec(random_gaussian(n, 1, rng));
  const double top = lambda_max(x, y);
  LassoSolver solver;
  for (double factor : {1.0 + 1e-9, 1.5, 10.0}) {
    CAPTURE(factor);
    arma::vec theta;
    const LassoResult result = solver.solve(x, y, factor * top, theta);
    CHECK(result.converged);
    CHECK(result.sweeps == 1);
    CHECK(result.max_change == 0.0);
    CHECK(arma::accu(theta != 0.0) == 0);
  }
  arma::vec warm(d, arma::fill::value(0.2));  // from a non-zero start: back to 0
  const LassoResult from_warm = solver.solve(x, y, 1.5 * top, warm);
  CHECK(from_warm.converged);
  CHECK(arma::abs(warm).max() <= 1e-12);
  arma::vec below;
  solver.solve(x, y, 0.99 * top, below);
  CHECK(arma::accu(below != 0.0) >= 1);
}

TEST_CASE("linear_query lasso: a noiseless sparse problem with small lambda recovers the support") {
  // y = X theta*, s = 4 of d = 60, n = 200 Gaussian rows (the irrepresentable condition holds
  // with a wide margin here). With support S and signs recovered, the KKT equations on S give the
  // closed form theta_S = theta*_S - lambda (X_S^T X_S / n)^{-1} sign(theta*_S) [STD], and 0 off S.
  Rng rng(4405);
  const std::size_t n = 200, d = 60;
  const std::vector<arma::uword> support{4, 17, 33, 58};
  const arma::uvec s(support);
  const arma::vec values{1.5, -1.0, 0.8, -2.0};
  for (std::size_t trial = 0; trial < 3; ++trial) {
    CAPTURE(trial);
    const arma::mat x = random_gaussian(n, d, rng);
    arma::vec truth(d, arma::fill::zeros);
    truth(s) = values;
    const arma::vec y = x * truth;
    const double lambda = 1e-3 * lambda_max(x, y);
    LassoSolver solver;
    arma::vec theta;
    const LassoResult result = solver.solve(x, y, lambda, theta);
    REQUIRE(result.converged);
    const arma::uvec found = arma::find(theta != 0.0);
    REQUIRE(found.n_elem == s.n_elem);
    CHECK(arma::all(found == s));
    const arma::mat xs = x.cols(s);
    const arma::vec expected =
        values - lambda * arma::solve(xs.t() * xs / static_cast<double>(n), arma::sign(values));
    CHECK(arma::abs(theta(s) - expected).max() <= 1e-8);
    CHECK(arma::abs(theta - truth).max() <= 0.01);
  }
}

TEST_CASE(
    "linear_query lasso: one solver serves problems of different shapes and stops at the cap") {
  Rng rng(4406);
  LassoSolver solver;
  for (std::size_t d : {10, 3, 10}) {
    CAPTURE(d);
    const arma::mat x = random_gaussian(50, d, rng);
    const arma::vec y = random_gaussian(50, 1, rng);
    const double lambda = 0.05 * lambda_max(x, y);
    arma::vec theta;
    CHECK(solver.solve(x, y, lambda, theta).converged);
    CHECK(kkt_violation(x, y, lambda, theta) <= 1e-8);
  }
  // Strongly correlated columns need many sweeps; a cap of 2 stops before convergence.
  arma::mat x = random_gaussian(50, 4, rng);
  for (std::size_t j = 1; j < 4; ++j) x.col(j) = x.col(0) + 0.05 * x.col(j);
  const arma::vec y = x * arma::vec{1.0, -1.0, 2.0, 0.5};
  LassoSolver capped(LassoOptions{.tolerance = 1e-10, .max_sweeps = 2});
  arma::vec theta;
  const LassoResult result = capped.solve(x, y, 1e-4, theta);
  CHECK_FALSE(result.converged);
  CHECK(result.sweeps == 2);
  CHECK(result.max_change > 1e-10);
}

TEST_CASE("linear_query lasso: rejects inconsistent input") {
  LassoSolver solver;
  const arma::mat x(5, 3, arma::fill::ones);
  const arma::vec y(5, arma::fill::ones);
  arma::vec theta;
  CHECK_THROWS_AS(solver.solve(x, arma::vec(4, arma::fill::ones), 0.1, theta), InternalError);
  CHECK_THROWS_AS(solver.solve(x, y, -0.1, theta), InternalError);
  arma::vec wrong(2, arma::fill::zeros);
  CHECK_THROWS_AS(solver.solve(x, y, 0.1, wrong), InternalError);
  arma::mat bad = x;
  bad(2, 1) = arma::datum::nan;
  CHECK_THROWS_AS(solver.solve(bad, y, 0.1, theta), InternalError);
  CHECK_THROWS_AS(solver.solve(arma::mat(0, 3), arma::vec(), 0.1, theta), InternalError);
}
