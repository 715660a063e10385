// CSL-UCB's confidence bound (agents/causal/confidence_bound.hpp; spec A.4.3) on a
// hand-computed two-node example, its conventions, and its monotonicity in the
// sample size. The coverage check (spec A.7-4) is in tests/statistical.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "agents/causal/confidence_bound.hpp"
#include "agents/causal/sem_estimate_evaluator.hpp"
#include "sim/core/rng.hpp"

using namespace banditsim;
using namespace banditsim::causal;

namespace {

// Two nodes, edge 0 -> 1 with estimated weight b in the mode of node 1 given by
// the action; node 1's cell holds samples with x0 = 1, 2, 3 (Z Z^T = 14).
struct TwoNodes {
  NodeModeSamples samples;
  SemWeights estimate{arma::mat(2, 2, arma::fill::zeros), arma::mat(2, 2, arma::fill::zeros)};
  std::vector<double> nu{1.0, 1.0};
  TwoNodes(double b, std::size_t mode) {
    samples.reset(2, 10, 2);
    for (double x0 : {1.0, 2.0, 3.0}) {
      const std::vector<double> x{x0, 1.0 + b * x0};
      samples.add(x, [&](std::size_t n) { return n == 1 ? mode : std::size_t{0}; });
    }
    estimate.of_mode(mode)(0, 1) = b;
  }
};

double bound_of(ConfidenceBound& bound, const TwoNodes& instance, std::uint64_t code,
                const std::vector<double>& variance) {
  bound.prepare(instance.samples, instance.estimate, instance.nu, variance);
  SemEstimateEvaluator evaluator;
  evaluator.set_weights(instance.estimate);
  std::vector<double> means(2), column(2);
  REQUIRE(evaluator.evaluate(code, instance.nu, means, column));
  return bound.bound(code, means, column);
}

}  // namespace

TEST_CASE("csl confidence bound equals the hand-computed two-node value") {
  // b = 0.5: (I - B)^{-1} = [[1, b], [0, 1]], so c = (b, 1), ||c||^2 = 1.25;
  // mu = (1, 1 + b) = (1, 1.5), ||mu||^2 = 3.25. Node 1: Np = 1, lambda = s / 14.
  // code:  U = sqrt(1.25 * 3.25) sqrt(4 ln(2N/delta) sqrt(3) s / 14)
  // paper: U = 2 (N^2 + 2N)^{1/4} sqrt(1.25 * 3.25) sqrt(ln(2N/delta) s / 14), N = 2.
  const double b = 0.5, delta = 0.05;
  const double norms = std::sqrt(1.25 * 3.25);
  const double log_term = std::log(4.0 / delta);
  for (std::size_t mode : {0U, 1U}) {
    const TwoNodes instance(b, mode);
    const std::uint64_t code = mode;  // node 1 is the least significant bit
    for (double variance : {1.0, 2.0}) {
      const std::vector<double> var{variance, variance};
      ConfidenceBound code_form({.delta = delta});
      const double s = variance;  // "variance" convention
      CHECK(bound_of(code_form, instance, code, var) ==
            doctest::Approx(norms * std::sqrt(4.0 * log_term * std::sqrt(3.0) * s / 14.0))
                .epsilon(1e-12));
      CHECK(code_form.term(1, mode) == doctest::Approx(std::sqrt(3.0) * s / 14.0).epsilon(1e-12));
      CHECK(code_form.term(0, 0) == 0.0);  // no parents: no weight error
      ConfidenceBound code_variance({.delta = delta, .variance = VarianceConvention::kCode});
      const double s_code = variance * variance;  // Sigma[n,n]^2 as the authors' code (P-A4)
      CHECK(bound_of(code_variance, instance, code, var) ==
            doctest::Approx(norms * std::sqrt(4.0 * log_term * std::sqrt(3.0) * s_code / 14.0))
                .epsilon(1e-12));
      ConfidenceBound paper({.delta = delta, .form = BoundForm::kPaper});
      CHECK(bound_of(paper, instance, code, var) ==
            doctest::Approx(2.0 * std::pow(8.0, 0.25) * norms * std::sqrt(log_term * s / 14.0))
                .epsilon(1e-12));
    }
  }
}

TEST_CASE("csl confidence bound decreases as a cell gains samples") {
  Rng rng(6);
  NodeModeSamples samples;
  samples.reset(3, 200, 2);
  SemWeights estimate{arma::mat(3, 3, arma::fill::zeros), arma::mat(3, 3, arma::fill::zeros)};
  estimate.observational(0, 1) = 1.2;
  estimate.observational(0, 2) = -0.7;
  estimate.observational(1, 2) = 0.9;
  const std::vector<double> nu{1.0, 1.0, 1.0}, var{1.0, 1.0, 1.0};
  SemEstimateEvaluator evaluator;
  evaluator.set_weights(estimate);
  std::vector<double> means(3), column(3);
  REQUIRE(evaluator.evaluate(0, nu, means, column));
  ConfidenceBound bound({});
  double previous = std::numeric_limits<double>::infinity();
  double at_50 = 0.0;
  for (int t = 0; t < 200; ++t) {
    std::vector<double> x(3);
    for (double& v : x) v = 1.0 + 0.1 * double(uniform_index(rng, 50));
    samples.add(x, [](std::size_t) { return std::size_t{0}; });
    if (t < 2) continue;  // node 2 has two regressors
    bound.prepare(samples, estimate, nu, var);
    const double u = bound.bound(0, means, column);
    // Z Z^T only grows, so lambda_max of its inverse only shrinks (up to rounding).
    CHECK(u <= previous * (1.0 + 1e-12));
    previous = u;
    if (t + 1 == 50) at_50 = u;
  }
  // lambda_max((Z Z^T)^{-1}) ~ 1 / (n lambda_min(E z z^T)), so U ~ n^{-1/2}: from 50 to
  // 200 samples it halves (the n = 50 estimate of lambda_min is within ~20%).
  CHECK(previous / at_50 == doctest::Approx(0.5).epsilon(0.3));
}

TEST_CASE("csl confidence bound is infinite for a rank-deficient regressor matrix") {
  // One sample, two regressors (P-A8: lambda_max = +inf, an infinite bonus).
  NodeModeSamples samples;
  samples.reset(3, 10, 2);
  samples.add(std::vector<double>{1.0, 2.0, 3.0}, [](std::size_t) { return std::size_t{0}; });
  SemWeights estimate{arma::mat(3, 3, arma::fill::zeros), arma::mat(3, 3, arma::fill::zeros)};
  estimate.observational(0, 2) = 0.3;
  estimate.observational(1, 2) = 0.4;
  ConfidenceBound bound({});
  const std::vector<double> nu{1.0, 1.0, 1.0}, var{1.0, 1.0, 1.0};
  bound.prepare(samples, estimate, nu, var);
  CHECK(std::isinf(bound.term(2, 0)));
  CHECK(std::isinf(bound.bound(0, nu, std::vector<double>{0.0, 0.0, 1.0})));
}
