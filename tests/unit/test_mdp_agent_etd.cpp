// Emphatic TD(lambda) (agents/mdp/etd.hpp; S&B 11.8, Sutton, Mahmood & White 2016,
// spec 10): the follow-on trace, emphasis and eligibility trace by hand, Baird's
// emphasis, eigenvalues and expected-ETD weights (spec 9.1), the lambda = 1 case
// (the mu-weighted least-squares fit of v_pi), and check() errors.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "agents/mdp/etd.hpp"
#include "tests/support/config_error_key.hpp"
#include "tests/support/mdp_test_problem.hpp"

using namespace banditsim;
using namespace banditsim::mdp;
using namespace banditsim::testing;

TEST_CASE("etd's follow-on trace, emphasis and trace follow the recursion of spec 10") {
  MdpTestProblem test(state_feature_mdp(), DataMode::kTrajectory);
  const double lambda = 0.5, interest = 2.0, alpha = 0.1, gamma = 0.9;
  Etd agent(
      {.alpha = alpha, .lambda = lambda, .interest = interest, .initial_weights = {0.4, -0.2}});
  agent.check(test.problem());
  agent.reset(test.problem());
  // A trajectory s0 -a1-> s2 -a0-> s3 (terminal), restart s1 -a1-> s0.
  std::vector<Transition> path{test.transition(0, 1, 2), test.transition(2, 0, 3),
                               test.transition(1, 1, 0)};
  path[1].episode_start = false;
  const std::vector<std::vector<double>> x{{1.0, 0.5}, {0.3, 1.0}, {-0.4, 0.8}, {0.0, 0.0}};
  std::vector<double> w{0.4, -0.2}, e{0.0, 0.0};
  double followon = 0.0, previous_ratio = 0.0;
  for (const Transition& t : path) {
    followon = t.episode_start ? interest : previous_ratio * gamma * followon + interest;
    const double emphasis = lambda * interest + (1.0 - lambda) * followon;
    const auto& xs = x[t.state];
    const auto& xn = x[t.next_state];
    const double delta =
        t.reward + gamma * (xn[0] * w[0] + xn[1] * w[1]) - (xs[0] * w[0] + xs[1] * w[1]);
    for (std::size_t i = 0; i < 2; ++i) {
      e[i] = t.ratio * ((t.episode_start ? 0.0 : gamma * lambda * e[i]) + emphasis * xs[i]);
      w[i] += alpha * delta * e[i];
    }
    previous_ratio = t.ratio;
    agent.observe(t);
    CHECK(agent.followon() == doctest::Approx(followon).epsilon(1e-14));
    CHECK(agent.emphasis() == doctest::Approx(emphasis).epsilon(1e-14));
    for (std::size_t i = 0; i < 2; ++i) {
      CHECK(agent.trace()[i] == doctest::Approx(e[i]).epsilon(1e-14));
      CHECK(agent.weights()[i] == doctest::Approx(w[i]).epsilon(1e-14));
    }
  }
}

TEST_CASE("etd's emphasis and expected matrix on Baird are spec 9.1's") {
  // Spec 9.1: m = (I - gamma P')^-1 rho_b = (1/7 x 6, 99.142857);
  // eig(A_ETD) = {0, 0.571429 x 5, 0.997725, 3.690847} (digits as printed).
  MdpTestProblem test(baird_mdp(), DataMode::kExpected);
  const arma::vec m = emphasis_weights(test.chain(), 0.0, 1.0);
  for (std::size_t s = 0; s < 6; ++s) CHECK(m(s) == doctest::Approx(1.0 / 7.0).epsilon(1e-12));
  CHECK(m(6) == doctest::Approx(99.142857).epsilon(1e-8));
  const PopulationMatrices etd = trace_matrices(test.chain(), 0.0, m);
  arma::vec eig = arma::real(arma::eig_gen(etd.a));
  eig = arma::sort(eig);
  const std::vector<double> expected{0.0,      0.571429, 0.571429, 0.571429,
                                     0.571429, 0.571429, 0.997725, 3.690847};
  for (std::size_t i = 0; i < 8; ++i) {
    CAPTURE(i);
    CHECK(eig(i) == doctest::Approx(expected[i]).epsilon(1e-6).scale(1.0));
  }
}

TEST_CASE("expected etd on Baird reaches spec 9.1's weights after 1000 updates") {
  // Spec 9.1: alpha = 0.03, interest 1, w_0 = (1,1,1,1,1,1,10,1): after 1000 expected
  // updates w = (1.692308 x 6, 6.769231, -3.384615), so every value is 0.
  MdpTestProblem test(baird_mdp(), DataMode::kExpected);
  Etd agent({.alpha = 0.03, .initial_weights = baird_initial_weights()});
  agent.check(test.problem());
  agent.reset(test.problem());
  for (int k = 0; k < 1000; ++k) agent.expected_update();
  for (std::size_t i = 0; i < 6; ++i)
    CHECK(agent.weights()[i] == doctest::Approx(1.692308).epsilon(1e-6));
  CHECK(agent.weights()[6] == doctest::Approx(6.769231).epsilon(1e-6));
  CHECK(agent.weights()[7] == doctest::Approx(-3.384615).epsilon(1e-6));
}

TEST_CASE("expected etd with lambda = 1 converges to the mu-weighted least-squares fit of v_pi") {
  // lambda = 1: I - P_lambda = I, so m = mu i, A = Phi' D Phi and b = Phi' D v_pi [D]:
  // the fixed point is the projection of v_pi = (I - gamma P)^-1 r, whatever i is.
  MdpTestProblem test(state_feature_mdp(), DataMode::kExpected);
  const arma::mat identity = arma::eye(4, 4);
  const arma::vec values =
      arma::solve(identity - test.chain().gamma * test.chain().p_target, test.chain().r_target);
  const arma::mat& phi = test.chain().phi;
  const arma::mat weighted = phi.each_col() % test.chain().mu;
  const arma::vec fit = arma::solve(weighted.t() * phi, weighted.t() * values);
  Etd agent({.alpha = 0.5, .lambda = 1.0, .interest = 3.0});
  agent.reset(test.problem());
  for (int k = 0; k < 20000; ++k) agent.expected_update();
  for (std::size_t i = 0; i < 2; ++i)
    CHECK(agent.weights()[i] == doctest::Approx(fit(i)).epsilon(1e-10));
}

TEST_CASE("etd refuses pair features and i.i.d. samples") {
  MdpTestProblem pairs(pair_feature_mdp(), DataMode::kTrajectory);
  MdpTestProblem samples(state_feature_mdp(), DataMode::kSamples);
  MdpTestProblem trajectory(state_feature_mdp(), DataMode::kTrajectory);
  Etd agent({});
  CHECK(config_error_key([&] { agent.check(pairs.problem()); }) == "");
  CHECK(config_error_key([&] { agent.check(samples.problem()); }) == "");
  CHECK(config_error_key([&] { agent.check(trajectory.problem()); }) == "<no ConfigError>");
  CHECK(config_error_key([] { Etd({.lambda = 1.5}); }) == "lambda");
  CHECK(config_error_key([] { Etd({.interest = 0.0}); }) == "interest");
}

TEST_CASE("expected etd(lambda) equals the stationary-trajectory mean of the emphatic updates") {
  // As for td_lambda: the sample recursion of F, M and e averaged along a stationary
  // behaviour trajectory by dynamic programming, against the emphasis formula.
  const MdpTestSpec spec = stationary_trace_mdp(FeatureKind::kState);
  MdpTestProblem test(spec, DataMode::kExpected);
  const std::vector<double> w0{0.6, -0.9};
  for (double lambda : {0.0, 0.4, 0.9}) {
    CAPTURE(lambda);
    Etd agent({.alpha = 0.01, .lambda = lambda, .interest = 1.5, .initial_weights = w0});
    agent.reset(test.problem());
    agent.expected_update();
    const arma::vec mean = stationary_trace_update(test, arma::vec(w0), lambda, true, 1.5);
    for (std::size_t i = 0; i < 2; ++i)
      CHECK(std::abs((agent.weights()[i] - w0[i]) / 0.01 - mean(i)) < 1e-10);
  }
}
