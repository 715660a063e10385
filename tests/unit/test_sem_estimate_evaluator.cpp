// agents/causal/sem_estimate_evaluator: the recursion path against dense solves of
// (I - B_a^T) mu = nu and (I - B_a) c = e_{N-1}, the LU path on estimates whose
// union is cyclic, and the ill-conditioning guard (spec P-A8).
#include <doctest/doctest.h>

#include <armadillo>
#include <vector>

#include "agents/causal/sem_estimate_evaluator.hpp"

using namespace banditsim::causal;

namespace {

arma::mat mixed(const SemWeights& w, std::uint64_t code) {
  arma::mat out(w.nodes(), w.nodes());
  mix_weights(w, code, out);
  return out;
}

/// Dense references: mu = (I - B_a^T)^{-1} nu, c = (I - B_a)^{-1} e_{N-1}.
void dense(const SemWeights& w, std::uint64_t code, const arma::vec& nu, arma::vec& mu,
           arma::vec& c) {
  const std::size_t n = w.nodes();
  const arma::mat system = arma::eye(n, n) - mixed(w, code);
  mu = arma::solve(system.t(), nu);
  arma::vec unit(n, arma::fill::zeros);
  unit[n - 1] = 1.0;
  c = arma::solve(system, unit);
}

}  // namespace

TEST_CASE("sem estimate evaluator: recursion equals dense solves on acyclic estimates") {
  arma::arma_rng::set_seed(3);
  const std::size_t n = 6;
  SemWeights w{arma::trimatu(arma::randn(n, n), 1), arma::trimatu(arma::randn(n, n), 1)};
  const arma::vec nu = arma::randu(n) + 0.5;
  SemEstimateEvaluator evaluator;
  evaluator.set_weights(w);
  REQUIRE(evaluator.acyclic());
  std::vector<double> mu(n), c(n);
  for (std::uint64_t code = 0; code < (1U << n); ++code) {
    REQUIRE(evaluator.evaluate(code, std::span<const double>(nu.memptr(), n), mu, c));
    arma::vec mu_ref, c_ref;
    dense(w, code, nu, mu_ref, c_ref);
    for (std::size_t i = 0; i < n; ++i) {
      CHECK(mu[i] == doctest::Approx(mu_ref[i]).epsilon(1e-12));
      CHECK(c[i] == doctest::Approx(c_ref[i]).epsilon(1e-12));
    }
  }
}

TEST_CASE("sem estimate evaluator: a cyclic union takes the LU path and still solves") {
  // B: 0 -> 1 -> 2; B': 2 -> 0 (a cycle through both modes, but B_a is acyclic
  // unless node 0 is intervened and node 1 or 2's edge survives).
  const std::size_t n = 3;
  SemWeights w{arma::mat(n, n, arma::fill::zeros), arma::mat(n, n, arma::fill::zeros)};
  w.observational(0, 1) = 0.5;
  w.observational(1, 2) = 0.5;
  w.interventional(2, 0) = 0.5;
  const arma::vec nu = {1.0, 2.0, 3.0};
  SemEstimateEvaluator evaluator;
  evaluator.set_weights(w);
  CHECK_FALSE(evaluator.acyclic());
  std::vector<double> mu(n), c(n);
  for (std::uint64_t code = 0; code < 8; ++code) {
    REQUIRE(evaluator.evaluate(code, std::span<const double>(nu.memptr(), n), mu, c));
    arma::vec mu_ref, c_ref;
    dense(w, code, nu, mu_ref, c_ref);
    for (std::size_t i = 0; i < n; ++i) CHECK(mu[i] == doctest::Approx(mu_ref[i]).epsilon(1e-12));
  }
}

TEST_CASE("sem estimate evaluator: a singular I - B_a is reported, not returned as a number") {
  // 0 -> 1 with weight 1 (mode 0 of node 1) and 1 -> 0 with weight 1 (mode 1 of
  // node 0): under code 0b10 (node 0 intervened) I - B_a = [[1, -1], [-1, 1]].
  const std::size_t n = 2;
  SemWeights w{arma::mat(n, n, arma::fill::zeros), arma::mat(n, n, arma::fill::zeros)};
  w.observational(0, 1) = 1.0;
  w.interventional(1, 0) = 1.0;
  const arma::vec nu = {1.0, 1.0};
  SemEstimateEvaluator evaluator;
  evaluator.set_weights(w);
  std::vector<double> mu(n), c(n);
  CHECK_FALSE(evaluator.evaluate(0b10, std::span<const double>(nu.memptr(), n), mu, c));
  CHECK(evaluator.evaluate(0b00, std::span<const double>(nu.memptr(), n), mu, c));
  CHECK(mu[1] == doctest::Approx(2.0));
}
