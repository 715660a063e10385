// Tests of the SEM closed forms in sim/families/causal/sem_model.hpp against
// dense linear algebra (spec A.2 eq. 6, A.7-1 and A.7-2).
#include <doctest/doctest.h>

#include <armadillo>
#include <cmath>
#include <cstdint>
#include <vector>

#include "sim/core/rng.hpp"
#include "sim/families/causal/sem_model.hpp"

using namespace banditsim;
using namespace banditsim::causal;

namespace {

/// A random DAG pair on N nodes whose topological order is the permutation
/// `perm` (edge perm[i] -> perm[j] only for i < j), so the order is not 0..N-1.
SemWeights random_permuted_dag(Rng& rng, std::size_t n_nodes,
                               const std::vector<std::size_t>& perm) {
  SemWeights w{arma::mat(n_nodes, n_nodes, arma::fill::zeros),
               arma::mat(n_nodes, n_nodes, arma::fill::zeros)};
  for (std::size_t mode = 0; mode < 2; ++mode)
    for (std::size_t i = 0; i < n_nodes; ++i)
      for (std::size_t j = i + 1; j < n_nodes; ++j)
        if (uniform01(rng) < 0.5) w.of_mode(mode)(perm[i], perm[j]) = 2.0 * uniform01(rng) - 1.0;
  return w;
}

/// E[X | a] = (I - B_a^T)^{-1} nu by a dense solve (eq. 6, with P-A1's transpose).
arma::vec dense_means(const SemWeights& w, std::uint64_t code, const arma::vec& nu) {
  arma::mat mixed(w.nodes(), w.nodes());
  mix_weights(w, code, mixed);
  return arma::solve(arma::eye(w.nodes(), w.nodes()) - mixed.t(), nu);
}

}  // namespace

TEST_CASE("sem_model topological_order of an upper-triangular pair is the index order") {
  arma::mat b(4, 4, arma::fill::zeros);
  arma::mat b_prime(4, 4, arma::fill::zeros);
  b(0, 3) = 1.0;
  b_prime(1, 2) = -0.5;
  b_prime(2, 3) = 2.0;
  const auto order = topological_order(b, b_prime);
  REQUIRE(order.has_value());
  CHECK(*order == std::vector<std::size_t>{0, 1, 2, 3});
  CHECK(describe_cycle(b, b_prime).empty());
}

TEST_CASE("sem_model topological_order respects every edge of a permuted random DAG") {
  Rng rng(11);
  const std::vector<std::size_t> perm{4, 1, 6, 0, 3, 5, 2};
  for (int trial = 0; trial < 20; ++trial) {
    const SemWeights w = random_permuted_dag(rng, perm.size(), perm);
    const auto order = topological_order(w.observational, w.interventional);
    REQUIRE(order.has_value());
    REQUIRE(order->size() == perm.size());
    std::vector<std::size_t> position(perm.size());
    for (std::size_t r = 0; r < order->size(); ++r) position[(*order)[r]] = r;
    for (std::size_t p = 0; p < perm.size(); ++p)
      for (std::size_t n = 0; n < perm.size(); ++n)
        if (w.observational(p, n) != 0.0 || w.interventional(p, n) != 0.0)
          CHECK(position[p] < position[n]);
  }
}

TEST_CASE("sem_model a cycle split between B and B' is found and named") {
  arma::mat b(3, 3, arma::fill::zeros);
  arma::mat b_prime(3, 3, arma::fill::zeros);
  b(0, 1) = 1.0;        // 0 -> 1 in B
  b_prime(1, 2) = 1.0;  // 1 -> 2 in B'
  b(2, 0) = 1.0;        // 2 -> 0 in B
  CHECK_FALSE(topological_order(b, b_prime).has_value());
  CHECK(describe_cycle(b, b_prime) == "0 -> 1 -> 2 -> 0");
  // Each matrix alone is acyclic: only the union has the cycle.
  CHECK(topological_order(b, arma::mat(3, 3, arma::fill::zeros)).has_value());

  arma::mat self_loop(3, 3, arma::fill::zeros);
  self_loop(1, 1) = 0.5;
  CHECK_FALSE(topological_order(self_loop, self_loop).has_value());
  CHECK(describe_cycle(self_loop, self_loop) == "1 -> 1");
}

TEST_CASE("sem_model mix_weights takes column n from B' exactly when the code intervenes on n") {
  const SemWeights w{arma::mat(3, 3, arma::fill::ones), arma::mat(3, 3, arma::fill::zeros)};
  arma::mat mixed(3, 3);
  mix_weights(w, 0b101, mixed);  // MSB first: nodes 0 and 2 intervened
  CHECK(arma::accu(mixed.col(0)) == 0.0);
  CHECK(arma::accu(mixed.col(1)) == 3.0);
  CHECK(arma::accu(mixed.col(2)) == 0.0);
  CHECK(intervenes(0b101, 3, 0));
  CHECK_FALSE(intervenes(0b101, 3, 1));
}

TEST_CASE("sem_model node_means equals the dense solve (I - B_a^T)^{-1} nu for every action") {
  Rng rng(12);
  const std::vector<std::size_t> perm{3, 0, 5, 1, 4, 2};
  const std::size_t n_nodes = perm.size();
  const SemWeights w = random_permuted_dag(rng, n_nodes, perm);
  const auto order = topological_order(w.observational, w.interventional);
  REQUIRE(order.has_value());
  const arma::vec nu{1.0, -0.5, 2.0, 0.25, 1.5, -1.0};
  std::vector<double> means(n_nodes);
  for (std::uint64_t code = 0; code < (1U << n_nodes); ++code) {
    node_means(w, code, *order, {nu.memptr(), n_nodes}, means);
    const arma::vec dense = dense_means(w, code, nu);
    for (std::size_t n = 0; n < n_nodes; ++n)
      CHECK(means[n] == doctest::Approx(dense(n)).epsilon(1e-12));
  }
}

TEST_CASE("sem_model finish fills rewards, the optimal set and the parent sets") {
  // 0 -> 1 with weight 2 observationally, -1 interventionally; nu = 1:
  // E[X_1] = 1 + 2 = 3 when node 1 is not intervened, 1 - 1 = 0 when it is.
  SemSegment segment;
  segment.weights.observational = {{0.0, 2.0}, {0.0, 0.0}};
  segment.weights.interventional = {{0.0, -1.0}, {0.0, 0.0}};
  const std::vector<std::uint64_t> actions{0, 1, 2, 3};
  const std::vector<double> nu{1.0, 1.0};
  REQUIRE(segment.finish(actions, nu, 0.01));
  CHECK(segment.expected_reward == std::vector<double>{3.0, 0.0, 3.0, 0.0});
  CHECK(segment.best_reward == 3.0);
  CHECK(segment.optimal == std::vector<unsigned char>{1, 0, 1, 0});
  CHECK(segment.parents[0] == std::vector<unsigned char>{0, 1, 0, 0});
  CHECK(segment.parents[1] == std::vector<unsigned char>{0, 1, 0, 0});
  CHECK_FALSE(segment.finish({}, nu, 0.01));  // no actions: refused, not undefined behaviour
}

TEST_CASE("sem_model reward error identity mu^ - mu = (I - B^_a)^{-T} (B^_a - B_a)^T mu_a") {
  // Spec A.4.3 / A.7-2: an exact algebraic identity, checked on random estimates
  // (including estimates with extra edges, as a learned superset graph would have).
  Rng rng(13);
  const std::vector<std::size_t> perm{0, 1, 2, 3, 4, 5};
  const std::size_t n_nodes = perm.size();
  const arma::vec nu(n_nodes, arma::fill::ones);
  const arma::mat identity = arma::eye(n_nodes, n_nodes);
  double worst = 0.0;
  for (int trial = 0; trial < 20; ++trial) {
    const SemWeights truth = random_permuted_dag(rng, n_nodes, perm);
    SemWeights estimate = truth;
    for (std::size_t mode = 0; mode < 2; ++mode)
      for (std::size_t p = 0; p < n_nodes; ++p)
        for (std::size_t n = p + 1; n < n_nodes; ++n)
          estimate.of_mode(mode)(p, n) += 0.3 * (2.0 * uniform01(rng) - 1.0);
    const auto code = static_cast<std::uint64_t>(uniform_index(rng, 1U << n_nodes));
    arma::mat b_a(n_nodes, n_nodes);
    arma::mat b_hat_a(n_nodes, n_nodes);
    mix_weights(truth, code, b_a);
    mix_weights(estimate, code, b_hat_a);
    // mu and mu^ by the forward recursion (the code under test), the right side dense.
    const auto order = topological_order(estimate.observational, estimate.interventional);
    REQUIRE(order.has_value());
    arma::vec mu(n_nodes);
    arma::vec mu_hat(n_nodes);
    node_means(truth, code, *order, {nu.memptr(), n_nodes}, {mu.memptr(), n_nodes});
    node_means(estimate, code, *order, {nu.memptr(), n_nodes}, {mu_hat.memptr(), n_nodes});
    const arma::vec rhs = arma::solve((identity - b_hat_a).t(), (b_hat_a - b_a).t() * mu);
    worst = std::max(worst, arma::abs(mu_hat - mu - rhs).max() / (1.0 + arma::abs(mu).max()));
  }
  CHECK(worst < 1e-12);
}
