/// @file tests/unit/test_design_g_optimal.cpp
/// The shared G-optimal design (agents/design/): Kiefer-Wolfowitz at the Frank-Wolfe output, the
/// optional start, and the spanning start "uniform on a spanning subset" of spec Part B, B.4.2
/// (papers-causal-sparse), which on the E1 action set {e_1..e_d, u} (B.6) is exactly the
/// G-optimal design B.6 fixes (B.7, B.9 item 5). The dp_bai uses are tested in
/// test_dp_bai_linear_algebra.cpp.
#include <doctest/doctest.h>

#include <armadillo>
#include <cmath>
#include <cstddef>
#include <vector>

#include "agents/design/g_optimal_design.hpp"
#include "agents/design/spanning_rows.hpp"
#include "sim/core/check.hpp"
#include "sim/core/distributions.hpp"

using namespace banditsim;
using namespace banditsim::design;

namespace {

arma::mat random_gaussian(std::size_t rows, std::size_t cols, Rng& rng) {
  arma::mat m(rows, cols);
  for (double& v : m) v = standard_normal(rng);
  return m;
}

/// g_a = y_a^T V(pi)^{-1} y_a for every row, by LAPACK, independently of g_optimal_design.cpp.
arma::vec variances(const arma::mat& y, const arma::vec& weights) {
  const arma::mat v = y.t() * arma::diagmat(weights) * y;
  return arma::sum((y * arma::inv_sympd(v)) % y, 1);
}

/// The E1 action set of spec B.6: rows e_1..e_d, then u = (1..1)/sqrt(d).
arma::mat e1_actions(std::size_t d) {
  arma::mat x(d + 1, d, arma::fill::zeros);
  for (std::size_t i = 0; i < d; ++i) x(i, i) = 1.0;
  x.row(d).fill(1.0 / std::sqrt(static_cast<double>(d)));
  return x;
}

std::vector<std::size_t> first_indices(std::size_t k) {
  std::vector<std::size_t> rows(k);
  for (std::size_t i = 0; i < k; ++i) rows[i] = i;
  return rows;
}

}  // namespace

TEST_CASE("design g_optimal: Kiefer-Wolfowitz holds at the returned design, both starts") {
  // B.7: sum_a pi(a) g_a = trace(V^{-1} V) = d at every design, so max g >= d; Frank-Wolfe stops
  // at max g <= (1 + eta) d. Both recomputed by LAPACK from the returned weights.
  Rng rng(2303);
  for (std::size_t d = 1; d <= 6; ++d)
    for (std::size_t s : {d, d + 3, 4 * d + 2})
      for (double eta : {1e-2, 1e-4})
        for (bool spanning : {false, true}) {
          CAPTURE(d);
          CAPTURE(s);
          CAPTURE(eta);
          CAPTURE(spanning);
          const arma::mat y = random_gaussian(s, d, rng);
          DesignOptions options;
          options.tolerance = eta;
          if (spanning) options.initial = spanning_start(y);
          const Design design = g_optimal_design(y, options);
          const double dim = static_cast<double>(d);
          REQUIRE(design.converged);
          CHECK(design.weights.min() >= 0.0);
          CHECK(std::fabs(arma::accu(design.weights) - 1.0) <= 1e-12);
          const arma::vec g = variances(y, design.weights);
          CHECK(g.max() <= (1.0 + eta) * dim * (1.0 + 1e-12));
          CHECK(g.max() >= dim * (1.0 - 1e-12));
          CHECK(std::fabs(arma::dot(design.weights, g) - dim) <= 1e-9);
          CHECK(std::fabs(g.max() - design.max_variance) <= 1e-9 * dim);
        }
}

TEST_CASE("design g_optimal: an explicit uniform start is the default start, bit for bit") {
  // DesignOptions::initial empty means uniform; passing the uniform weights must change nothing
  // (dp_bai relies on the default staying as it was).
  Rng rng(2304);
  const arma::mat y = random_gaussian(9, 3, rng);
  DesignOptions explicit_uniform;
  explicit_uniform.initial = arma::vec(9, arma::fill::value(1.0 / 9.0));
  const Design by_default = g_optimal_design(y);
  const Design given = g_optimal_design(y, explicit_uniform);
  CHECK(by_default.iterations > 0);
  CHECK(given.iterations == by_default.iterations);
  CHECK(given.max_variance == by_default.max_variance);
  CHECK(arma::approx_equal(given.weights, by_default.weights, "absdiff", 0.0));
}

TEST_CASE("design g_optimal: the spanning start on the E1 set is uniform on the basis, G-optimal") {
  // B.6 E1 fixes the design uniform on e_1..e_d: V = I/d, so g(e_i) = d and g(u) = d |u|^2 = d,
  // max g = d = the Kiefer-Wolfowitz optimum (B.7), and Frank-Wolfe takes 0 steps.
  for (std::size_t d : {4, 16, 64}) {
    CAPTURE(d);
    const arma::mat x = e1_actions(d);
    CHECK(spanning_rows(x) == first_indices(d));
    const arma::vec start = spanning_start(x);
    REQUIRE(start.n_elem == d + 1);
    for (std::size_t i = 0; i < d; ++i) CHECK(start(i) == 1.0 / static_cast<double>(d));
    CHECK(start(d) == 0.0);

    DesignOptions options;
    options.initial = start;
    const Design design = g_optimal_design(x, options);
    CHECK(design.converged);
    CHECK(design.iterations == 0);
    CHECK(std::fabs(design.max_variance - static_cast<double>(d)) <= 1e-12);
    CHECK(arma::approx_equal(design.weights, start, "absdiff", 0.0));
    const arma::vec g = variances(x, design.weights);
    CHECK(arma::approx_equal(g, arma::vec(d + 1, arma::fill::value(static_cast<double>(d))),
                             "absdiff", 1e-12));
  }
}

TEST_CASE("design g_optimal: the uniform start on the E1 set gives another near-optimal design") {
  // From uniform on all d + 1 rows, u keeps a positive weight (Frank-Wolfe only scales it down),
  // so the design differs from the spanning start's; it is still within (1 + eta) d (B.7).
  // d = 4 and 16 take 1528 and 7898 steps; d = 64 takes 33509 steps (6 s here), which is why E1
  // uses the spanning start.
  for (std::size_t d : {4, 16}) {
    CAPTURE(d);
    const arma::mat x = e1_actions(d);
    const Design design = g_optimal_design(x);
    const double dim = static_cast<double>(d);
    REQUIRE(design.converged);
    CHECK(design.iterations > 0);
    CHECK(design.weights(d) > 0.0);
    CHECK(design.max_variance <= dim * (1.0 + 1e-3));
    const arma::vec g = variances(x, design.weights);
    CHECK(g.max() <= dim * (1.0 + 1e-3) * (1.0 + 1e-12));
    CHECK(std::fabs(arma::dot(design.weights, g) - dim) <= 1e-9);
    CHECK(arma::abs(design.weights - spanning_start(x)).max() > 1e-6);
  }
}

TEST_CASE("design g_optimal: a start must be a distribution over the rows") {
  const arma::mat x = e1_actions(4);
  DesignOptions options;
  options.initial = arma::vec(4, arma::fill::value(0.25));  // one weight short
  CHECK_THROWS_AS(g_optimal_design(x, options), InternalError);
  options.initial = arma::vec{0.5, 0.5, 0.5, -0.5, 0.0};  // sums to 1, one negative
  CHECK_THROWS_AS(g_optimal_design(x, options), InternalError);
  options.initial = arma::vec{0.25, 0.25, 0.25, 0.2, 0.0};  // sums to 0.95
  CHECK_THROWS_AS(g_optimal_design(x, options), InternalError);
  options.initial = arma::vec{0.5, 0.5, 0.0, 0.0, 0.0};  // V(start) of rank 2 < 4
  CHECK_THROWS_AS(g_optimal_design(x, options), InternalError);
  options.initial = arma::vec{0.25, 0.25, 0.25, 0.0, 0.25};  // u completes the span: fine
  CHECK(g_optimal_design(x, options).converged);
}

TEST_CASE("design spanning_rows: rank-many rows, in order, on rank-deficient sets") {
  Rng rng(2305);
  const arma::mat base = random_gaussian(4, 5, rng);  // four independent rows in R^5
  arma::mat x(8, 5);
  x.row(0) = base.row(0);
  x.row(1) = 2.0 * base.row(0);                    // parallel to row 0
  x.row(2) = base.row(1);                          //
  x.row(3) = base.row(0) - 3.0 * base.row(1);      // in span(0, 2)
  x.row(4).zeros();                                // zero row
  x.row(5) = 1e8 * base.row(2);                    // new direction, large scale
  x.row(6) = 0.5 * base.row(1) + 1e-3 * x.row(5);  // in span(0, 2, 5)
  x.row(7) = base.row(3);                          // the fourth direction
  REQUIRE(arma::rank(x) == 4);
  CHECK(spanning_rows(x) == std::vector<std::size_t>{0, 2, 5, 7});

  // Relative tolerance: a 1e-13 relative perturbation stays in the span, 1e-6 does not.
  arma::mat near(3, 5);
  near.row(0) = base.row(0);
  near.row(1) = base.row(1);
  const double scale = arma::norm(base.row(2));
  near.row(2) = 1e5 * (base.row(0) + 1e-13 * base.row(2) / scale);
  CHECK(spanning_rows(near) == std::vector<std::size_t>{0, 1});
  near.row(2) = 1e5 * (base.row(0) + 1e-6 * base.row(2) / scale);
  CHECK(spanning_rows(near) == std::vector<std::size_t>{0, 1, 2});

  // Stops at rank X.n_cols: with u first, u, e_1..e_{d-1} span R^d and e_d is never reached.
  const std::size_t d = 6;
  arma::mat u_first = arma::join_cols(e1_actions(d).row(d), arma::eye(d, d));
  CHECK(spanning_rows(u_first) == first_indices(d));
  CHECK(spanning_rows(arma::mat(3, 2, arma::fill::zeros)).empty());
  CHECK_THROWS_AS(spanning_start(arma::mat(3, 2, arma::fill::zeros)), InternalError);
}

TEST_CASE("design spanning_rows: nearly parallel rows (Lauchli) keep their orthogonality") {
  // Rows (1, delta e_i) for i = 1..3, then a combination of them, then e_4. One classical
  // Gram-Schmidt pass loses orthogonality here (cancellation of order 1/delta) and keeps the
  // combination (row 3); the second pass removes it: {0, 1, 2, 4}.
  for (double delta : {1e-5, 1e-7}) {
    CAPTURE(delta);
    arma::mat x(5, 4, arma::fill::zeros);
    for (std::size_t i = 0; i < 3; ++i) {
      x(i, 0) = 1.0;
      x(i, i + 1) = delta;
    }
    x.row(3) = x.row(0) - 2.0 * x.row(1) + x.row(2);
    x(4, 3) = 1.0;
    CHECK(spanning_rows(x) == std::vector<std::size_t>{0, 1, 2, 4});
  }
}

TEST_CASE("design spanning_rows: full-rank random sets give their first rank-many rows") {
  // Gaussian rows are in general position a.s., so the first d rows already span R^d.
  Rng rng(2306);
  for (std::size_t d : {1, 3, 10, 40}) {
    CAPTURE(d);
    CHECK(spanning_rows(random_gaussian(d + 5, d, rng)) == first_indices(d));
    CHECK(spanning_rows(random_gaussian(d, d + 5, rng)) == first_indices(d));
    // With tolerance 0 only the stop at rank d keeps row d + 1 out (its residual is rounding).
    CHECK(spanning_rows(random_gaussian(d + 5, d, rng), 0.0) == first_indices(d));
  }
}
