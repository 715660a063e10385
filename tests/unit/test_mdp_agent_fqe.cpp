// Fitted Q Evaluation (agents/mdp/fqe.hpp; spec 3.2, 3.5): one refresh is `iterations`
// steps w <- Sigma^-1 (b + gamma Sx w) warm-started from the last refresh, its limit is
// the LSTD solution when the spectral radius is < 1 (T10), each expected update is one
// population iteration, a singular Sigma_hat is counted, divergence is recorded.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "agents/mdp/fqe.hpp"
#include "agents/mdp/lstd.hpp"
#include "tests/support/config_error_key.hpp"
#include "tests/support/mdp_test_problem.hpp"

using namespace banditsim;
using namespace banditsim::mdp;
using namespace banditsim::testing;

namespace {

std::vector<Transition> samples(const MdpTestProblem& test, int n, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<Transition> out;
  for (int i = 0; i < n; ++i) out.push_back(test.sample(rng, 0.3));
  return out;
}

double spectral_radius(const arma::mat& m) { return arma::abs(arma::eig_gen(m)).max(); }

}  // namespace

TEST_CASE("one fqe iteration is the rho-weighted regression of r + gamma x'.w on x") {
  for (const MdpTestSpec& spec : {state_feature_mdp(), pair_feature_mdp()}) {
    MdpTestProblem test(spec);
    const std::size_t d = spec.dim;
    const std::vector<double> w0(d, 0.8);
    Fqe agent({.iterations = 1, .initial_weights = w0});
    agent.check(test.problem());
    agent.reset(test.problem());
    // The regression by hand: minimise sum rho (x.w' - r - gamma x'.w0)^2.
    arma::mat normal(d, d, arma::fill::zeros);
    arma::vec right(d, arma::fill::zeros);
    for (const Transition& t : samples(test, 200, 5)) {
      agent.observe(t);
      const arma::vec x(test.problem().feature_row(t.row).data(), d);
      const arma::vec xn(test.problem().next_row(t.next_state).data(), d);
      const double target = t.reward + spec.gamma * arma::dot(xn, arma::vec(w0));
      normal += t.update_ratio * x * x.t();
      right += t.update_ratio * target * x;
    }
    agent.refresh();
    const arma::vec expected = arma::solve(normal, right);
    for (std::size_t i = 0; i < d; ++i)
      CHECK(agent.weights()[i] == doctest::Approx(expected(i)).epsilon(1e-12));
  }
}

TEST_CASE("fqe warm-starts: two refreshes of k iterations are one refresh of 2k") {
  MdpTestProblem test(pair_feature_mdp());
  Fqe twice({.iterations = 15});
  Fqe once({.iterations = 30});
  twice.reset(test.problem());
  once.reset(test.problem());
  for (const Transition& t : samples(test, 100, 6)) {
    twice.observe(t);
    once.observe(t);
  }
  twice.refresh();
  twice.refresh();
  once.refresh();
  for (std::size_t i = 0; i < 3; ++i) CHECK(twice.weights()[i] == once.weights()[i]);
}

TEST_CASE("fqe's limit is the LSTD solution when its spectral radius is below 1 (T10)") {
  for (const MdpTestSpec& spec : {state_feature_mdp(), pair_feature_mdp()}) {
    MdpTestProblem test(spec);
    Fqe fqe({.iterations = 3000});
    Lstd lstd({});
    fqe.reset(test.problem());
    lstd.reset(test.problem());
    for (const Transition& t : samples(test, 300, 7)) {
      fqe.observe(t);
      lstd.observe(t);
    }
    fqe.refresh();
    lstd.refresh();
    const double radius = spectral_radius(fqe.iteration_matrix());
    CAPTURE(radius);
    REQUIRE(radius < 0.98);  // 0.98^3000 < 1e-26: the iteration has converged
    for (std::size_t i = 0; i < spec.dim; ++i)
      CHECK(fqe.weights()[i] == doctest::Approx(lstd.weights()[i]).epsilon(1e-10));
    CHECK(fqe.status().singular_solves == 0);
  }
}

TEST_CASE("each expected fqe update is one population iteration") {
  MdpTestProblem test(state_feature_mdp(), DataMode::kExpected);
  const ExactSolution& exact = test.exact();  // summed over the exact dataset
  arma::vec w = {0.5, -1.5};
  Fqe agent({.initial_weights = {0.5, -1.5}});
  agent.reset(test.problem());
  for (int k = 0; k < 3; ++k) {
    w = arma::solve(exact.sigma, exact.b + 0.9 * exact.sx * w);
    agent.expected_update();
    for (std::size_t i = 0; i < 2; ++i)
      CHECK(agent.weights()[i] == doctest::Approx(w(i)).epsilon(1e-12));
  }
  for (int k = 0; k < 3000; ++k) agent.expected_update();
  REQUIRE(spectral_radius(agent.iteration_matrix()) < 0.98);
  for (std::size_t i = 0; i < 2; ++i)
    CHECK(agent.weights()[i] == doctest::Approx(exact.w_td(i)).epsilon(1e-10));
  agent.refresh();
  CHECK(agent.status().singular_solves == 0);
}

TEST_CASE("fqe counts a singular Sigma_hat and records divergence on the w-2w fragment") {
  SUBCASE("singular") {
    MdpTestSpec spec = state_feature_mdp();
    spec.features = {1.0, 2.0, 0.3, 0.6, -0.4, -0.8, 0.0, 0.0};  // rank 1
    MdpTestProblem test(spec);
    Fqe agent({.iterations = 5});
    agent.reset(test.problem());
    for (const Transition& t : samples(test, 50, 8)) agent.observe(t);
    agent.refresh();
    CHECK(agent.status().singular_solves == 1);
    CHECK(agent.status().diverged_at == -1);
  }
  SUBCASE("divergence") {
    // Spec 6.2: features 1 and 2, s0 -> s1, r = 0: Sigma = n, Sx = 2n, so FQE multiplies w
    // by 2 gamma = 1.98 per iteration and overflows after ~1040 of the 2000 iterations.
    MdpTestSpec spec;
    spec.states = 2;
    spec.actions = 1;
    spec.transitions = {0.0, 1.0, 0.0, 1.0};
    spec.rewards = {0.0, 0.0};
    spec.behaviour = {1.0, 1.0};
    spec.target = {1.0, 1.0};
    spec.terminal = {0, 0};
    spec.dim = 1;
    spec.features = {1.0, 2.0};
    spec.state_distribution = {1.0, 0.0};
    spec.gamma = 0.99;
    MdpTestProblem test(spec);
    Fqe agent({.iterations = 2000, .initial_weights = {1.0}});
    agent.reset(test.problem());
    for (int k = 0; k < 5; ++k) agent.observe(test.transition(0, 0, 1));
    agent.refresh();
    CHECK(agent.status().diverged_at == 5);
    CHECK_FALSE(std::isfinite(agent.weights()[0]));
    agent.observe(test.transition(0, 0, 1));
    agent.refresh();  // stopped: nothing changes
    CHECK(agent.status().diverged_at == 5);
  }
}

TEST_CASE("fqe checks its parameters") {
  MdpTestProblem test(state_feature_mdp());
  CHECK(config_error_key([] { Fqe({.iterations = 0}); }) == "iterations");
  CHECK(config_error_key([&] { Fqe({.initial_weights = {1.0}}).check(test.problem()); }) ==
        "initial_weights");
}
