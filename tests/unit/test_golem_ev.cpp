// GOLEM-EV (spec A.4.7): the analytic gradient against central finite
// differences, the matrix exponential against Armadillo's, the post-processing
// rules, and recovery of small DAGs with equal noise variances (identifiable
// under the EV model, Ng, Ghassami, Zhang 2020).
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "agents/causal/golem_ev.hpp"
#include "sim/core/distributions.hpp"
#include "sim/core/rng.hpp"

using namespace banditsim;
using namespace banditsim::causal;

namespace {

/// n samples (row-major n x d) of X = B^T X + eps, eps ~ N(1, 1), B upper triangular.
std::vector<double> sample_sem(const arma::mat& b, std::size_t n, Rng& rng) {
  const std::size_t d = b.n_rows;
  std::vector<double> x(n * d);
  for (std::size_t s = 0; s < n; ++s)
    for (std::size_t j = 0; j < d; ++j) {
      double v = 1.0 + standard_normal(rng);
      for (std::size_t p = 0; p < j; ++p) v += b(p, j) * x[s * d + p];
      x[s * d + j] = v;
    }
  return x;
}

std::vector<double> row_major(const arma::mat& m) {
  std::vector<double> out(m.n_elem);
  for (std::size_t i = 0; i < m.n_rows; ++i)
    for (std::size_t j = 0; j < m.n_cols; ++j) out[i * m.n_cols + j] = m(i, j);
  return out;
}

}  // namespace

TEST_CASE("golem_ev objective gradient matches central finite differences") {
  Rng rng(7);
  const std::size_t d = 5;
  arma::mat truth(d, d, arma::fill::zeros);
  truth(0, 1) = 1.2;
  truth(1, 3) = -0.8;
  truth(2, 4) = 1.5;
  const std::vector<double> x = sample_sem(truth, 200, rng);
  const arma::mat scatter = GolemEv::centred_scatter(x, 200, d);
  GolemEvObjective objective(scatter, 2e-2, 5.0);
  for (int trial = 0; trial < 3; ++trial) {
    std::vector<double> b(d * d, 0.0), gradient(d * d, 0.0);
    for (std::size_t i = 0; i < d; ++i)
      for (std::size_t j = 0; j < d; ++j)
        if (i != j) {
          double w = 0.4 * standard_normal(rng);
          if (std::abs(w) < 1e-2) w = 1e-2;  // away from the L1 kink
          b[i * d + j] = w;
        }
    const double value = objective.evaluate(b.data(), gradient.data());
    REQUIRE(std::isfinite(value));
    const double h = 1e-6;
    for (std::size_t i = 0; i < d; ++i)
      for (std::size_t j = 0; j < d; ++j) {
        if (i == j) {
          CHECK(gradient[i * d + j] == 0.0);  // the diagonal is fixed
          continue;
        }
        std::vector<double> plus = b, minus = b;
        plus[i * d + j] += h;
        minus[i * d + j] -= h;
        const double numeric =
            (objective.evaluate(plus.data(), nullptr) - objective.evaluate(minus.data(), nullptr)) /
            (2 * h);
        CAPTURE(i);
        CAPTURE(j);
        // Central differences: error O(h^2 L''') + O(eps |L| / h) ~ 1e-9 here.
        CHECK(gradient[i * d + j] == doctest::Approx(numeric).epsilon(1e-6).scale(1.0));
      }
  }
}

TEST_CASE("golem_ev matrix exponential agrees with Armadillo's expmat") {
  Rng rng(3);
  for (double scale : {0.01, 0.3, 2.0, 8.0}) {
    for (std::size_t d : {1U, 4U, 10U}) {
      arma::mat a(d, d);
      for (auto& v : a) v = scale * std::abs(standard_normal(rng)) / static_cast<double>(d);
      const arma::mat expected = arma::expmat(a);
      std::vector<double> in = row_major(a), out(d * d), work(7 * d * d);
      std::vector<std::size_t> pivots(d);
      matrix_exponential(in.data(), out.data(), d, work.data(), pivots.data());
      const double norm = arma::norm(expected, "inf");
      for (std::size_t i = 0; i < d; ++i)
        for (std::size_t j = 0; j < d; ++j) {
          CAPTURE(scale);
          CHECK(std::abs(out[i * d + j] - expected(i, j)) <= 1e-12 * norm);
        }
    }
  }
}

TEST_CASE("golem_ev post-processing thresholds, then removes the weakest edges until acyclic") {
  arma::mat raw(3, 3, arma::fill::zeros);
  raw(0, 1) = 0.9;
  raw(1, 2) = 1.1;
  raw(2, 0) = 0.5;   // closes the cycle 0 -> 1 -> 2 -> 0 and is its weakest edge
  raw(0, 2) = 0.25;  // below the threshold 0.3
  raw(1, 0) = -0.3;  // exactly at the threshold: removed (|B| <= 0.3)
  CHECK_FALSE(is_acyclic(raw));
  const arma::mat dag = post_process(raw, 0.3);
  CHECK(is_acyclic(dag));
  CHECK(dag(0, 1) == 0.9);
  CHECK(dag(1, 2) == 1.1);
  CHECK(dag(2, 0) == 0.0);
  CHECK(dag(0, 2) == 0.0);
  CHECK(dag(1, 0) == 0.0);
  // A 2-cycle of strong edges: only the weaker is deleted.
  arma::mat two(2, 2, arma::fill::zeros);
  two(0, 1) = -1.4;
  two(1, 0) = 1.3;
  const arma::mat kept = post_process(two, 0.3);
  CHECK(kept(0, 1) == -1.4);
  CHECK(kept(1, 0) == 0.0);
  // The threshold alone (no cycle to break): 0.25 and -0.3 go, 0.31 stays.
  arma::mat acyclic(3, 3, arma::fill::zeros);
  acyclic(0, 1) = 0.25;
  acyclic(0, 2) = -0.3;
  acyclic(1, 2) = 0.31;
  const arma::mat thresholded = post_process(acyclic, 0.3);
  CHECK(thresholded(0, 1) == 0.0);
  CHECK(thresholded(0, 2) == 0.0);
  CHECK(thresholded(1, 2) == 0.31);
}

TEST_CASE("golem_ev recovers small DAGs with equal noise variances from 1000 samples") {
  // Equal variances make the DAG identifiable (EV model). With n = 1000 the LS
  // weights have s.e. ~ 0.03, far from the 0.3 threshold; GOLEM's L1 and DAG
  // penalties bias them by O(lambda), so the weights are checked within 0.15.
  arma::mat chain(3, 3, arma::fill::zeros);
  chain(0, 1) = 1.5;
  chain(1, 2) = -1.5;
  arma::mat diamond(4, 4, arma::fill::zeros);
  diamond(0, 1) = 1.5;
  diamond(0, 2) = -1.2;
  diamond(1, 3) = 1.0;
  diamond(2, 3) = 1.5;
  const GolemEv golem(GolemEvOptions{});  // the authors' settings, 1e5 Adam iterations
  Rng rng(2025);
  for (const arma::mat* truth : {&chain, &diamond}) {
    for (int seed = 0; seed < 3; ++seed) {
      const std::size_t d = truth->n_rows;
      const std::vector<double> x = sample_sem(*truth, 1000, rng);
      const arma::mat estimate = golem.fit(x, 1000, d);
      CHECK(is_acyclic(estimate));
      for (std::size_t p = 0; p < d; ++p)
        for (std::size_t n = 0; n < d; ++n) {
          CAPTURE(p);
          CAPTURE(n);
          CHECK((estimate(p, n) != 0.0) == ((*truth)(p, n) != 0.0));
          CHECK(std::abs(estimate(p, n) - (*truth)(p, n)) < 0.15);
        }
    }
  }
}
