// LSTD(0) / LSTDQ (agents/mdp/lstd.hpp; spec 3.3): on the exact dataset it returns the
// population A^-1 b (T2), min-norm pinv(A) b with a singular count on a singular case
// (P5), the certainty-equivalence estimate in the tabular case (T3), the population
// solution in expected mode, and nothing before its first data.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "agents/mdp/lstd.hpp"
#include "tests/support/config_error_key.hpp"
#include "tests/support/mdp_test_problem.hpp"

using namespace banditsim;
using namespace banditsim::mdp;
using namespace banditsim::testing;

namespace {

/// Feeds each transition of the exact dataset round(probability * n) times; the counts
/// must be whole numbers (the test MDPs' probabilities have few decimals).
template <class Agent>
void feed_exact_dataset(Agent& agent, const MdpTestProblem& test, double n) {
  for (const auto& [t, probability] : test.support()) {
    const double count = probability * n;
    REQUIRE(std::abs(count - std::round(count)) < 1e-9);
    for (long k = 0; k < std::lround(count); ++k) agent.observe(t);
  }
}

MdpTestSpec singular_state_mdp() {
  MdpTestSpec spec = state_feature_mdp();
  spec.features = {1.0, 2.0, 0.3, 0.6, -0.4, -0.8, 0.0, 0.0};  // second column = 2 x first
  return spec;
}

}  // namespace

TEST_CASE("lstd fed the exact dataset returns the population A^-1 b (spec T2)") {
  for (const MdpTestSpec& spec : {state_feature_mdp(), pair_feature_mdp()}) {
    MdpTestProblem test(spec);
    REQUIRE_FALSE(test.exact().a_singular);
    Lstd agent({});
    agent.check(test.problem());
    agent.reset(test.problem());
    feed_exact_dataset(agent, test, 10000.0);
    agent.refresh();
    const arma::mat& a_hat = agent.moments().a;
    CHECK(arma::abs(a_hat / 10000.0 - test.exact().a).max() < 1e-12);
    for (std::size_t i = 0; i < spec.dim; ++i)
      CHECK(std::abs(agent.weights()[i] - test.exact().w_td(i)) < 1e-12);
    CHECK(agent.status().singular_solves == 0);
    CHECK(agent.status().diverged_at == -1);
  }
}

TEST_CASE("lstd on a singular A_hat returns the min-norm solution and counts the singular solve") {
  MdpTestProblem test(singular_state_mdp());
  REQUIRE(test.exact().a_singular);
  Lstd agent({});
  agent.reset(test.problem());
  feed_exact_dataset(agent, test, 10000.0);
  agent.refresh();
  const arma::vec min_norm = arma::pinv(test.exact().a) * test.exact().b;
  for (std::size_t i = 0; i < 2; ++i) CHECK(std::abs(agent.weights()[i] - min_norm(i)) < 1e-12);
  CHECK(agent.status().singular_solves == 1);
  agent.refresh();
  CHECK(agent.status().singular_solves == 2);
  // The min-norm solution lies in the row space: orthogonal to the null vector (2, -1).
  CHECK(std::abs(2.0 * agent.weights()[0] - agent.weights()[1]) < 1e-12);
}

TEST_CASE("tabular lstdq equals the certainty-equivalence estimate (spec T3)") {
  // Phi = I on the 6 pairs: LSTDQ solves (I - gamma P_hat^pi) Q = r_hat on visited pairs,
  // P_hat^pi[(s,a), (s',a')] = n(s,a,s') / n(s,a) pi(a'|s'), r_hat the mean noisy reward.
  MdpTestSpec spec = pair_feature_mdp();
  spec.dim = 6;
  spec.features.assign(36, 0.0);
  for (std::size_t k = 0; k < 6; ++k) spec.features[k * 6 + k] = 1.0;
  MdpTestProblem test(spec);
  Lstd agent({});
  agent.reset(test.problem());
  Rng rng(20240611);
  arma::vec visits(6, arma::fill::zeros), reward_sums(6, arma::fill::zeros);
  arma::mat next_counts(6, 3, arma::fill::zeros);
  for (int i = 0; i < 400; ++i) {
    const Transition t = test.sample(rng, 0.5);
    agent.observe(t);
    visits(t.row) += 1.0;
    reward_sums(t.row) += t.reward;
    next_counts(t.row, t.next_state) += 1.0;
  }
  REQUIRE(visits.min() > 0.0);
  arma::mat p_hat(6, 6, arma::fill::zeros);
  for (std::size_t k = 0; k < 6; ++k)
    for (std::size_t s = 0; s < 3; ++s)
      for (std::size_t a = 0; a < 2; ++a)
        p_hat(k, s * 2 + a) = next_counts(k, s) / visits(k) * spec.target[s * 2 + a];
  const arma::vec q_hat = arma::solve(arma::eye(6, 6) - spec.gamma * p_hat, reward_sums / visits);
  agent.refresh();
  for (std::size_t k = 0; k < 6; ++k)
    CHECK(agent.weights()[k] == doctest::Approx(q_hat(k)).epsilon(1e-10));
}

TEST_CASE("lstd in expected mode returns the population solution, and before data nothing") {
  MdpTestProblem expected(pair_feature_mdp(), DataMode::kExpected);
  Lstd agent({});
  agent.reset(expected.problem());
  agent.expected_update();
  agent.refresh();
  for (std::size_t i = 0; i < 3; ++i)
    CHECK(std::abs(agent.weights()[i] - expected.exact().w_td(i)) < 1e-12);

  MdpTestProblem samples(pair_feature_mdp());
  Lstd fresh({.initial_weights = {1.0, 2.0, 3.0}});
  fresh.reset(samples.problem());
  fresh.refresh();  // no data: no solve, no singular count, the initial weights
  CHECK(fresh.status().singular_solves == 0);
  CHECK(fresh.weights()[2] == 3.0);
  CHECK(config_error_key([&] { Lstd({.initial_weights = {1.0}}).check(samples.problem()); }) ==
        "initial_weights");
}
