// Off-policy TD(lambda) with per-decision importance sampling (agents/mdp/td_lambda.hpp;
// S&B 12.9, spec 10): the traces of both feature kinds by hand, lambda = 0 is TD(0),
// the expected lambda = 1 iteration reaches the mu-weighted least-squares fit of the
// true values, and check() refuses lambda > 0 on i.i.d. samples.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "agents/mdp/td0.hpp"
#include "agents/mdp/td_lambda.hpp"
#include "tests/support/config_error_key.hpp"
#include "tests/support/mdp_test_problem.hpp"

using namespace banditsim;
using namespace banditsim::mdp;
using namespace banditsim::testing;

namespace {

/// A short trajectory with an episode restart at its third transition.
std::vector<Transition> trajectory(const MdpTestProblem& test) {
  std::vector<Transition> path{test.transition(0, 1, 2), test.transition(2, 0, 1),
                               test.transition(1, 1, 0), test.transition(0, 0, 1)};
  path[1].episode_start = false;
  path[3].episode_start = false;
  return path;
}

}  // namespace

TEST_CASE(
    "td_lambda's traces: e = rho (gamma lambda e + x) for states, gamma lambda rho e + phi for "
    "pairs") {
  for (const MdpTestSpec& spec : {state_feature_mdp(), pair_feature_mdp()}) {
    const bool state_kind = spec.kind == FeatureKind::kState;
    CAPTURE(state_kind);
    MdpTestProblem test(spec, DataMode::kTrajectory);
    const double lambda = 0.7, alpha = 0.2, gamma = spec.gamma;
    const std::size_t d = spec.dim;
    std::vector<double> w(d, 0.3), e(d, 0.0);
    TdLambda agent({.alpha = alpha, .lambda = lambda, .initial_weights = w});
    agent.check(test.problem());
    agent.reset(test.problem());
    for (const Transition& t : trajectory(test)) {
      const auto x = test.problem().feature_row(t.row);
      const auto xn = test.problem().next_row(t.next_state);
      double delta = t.reward;
      for (std::size_t i = 0; i < d; ++i) delta += gamma * xn[i] * w[i] - x[i] * w[i];
      for (std::size_t i = 0; i < d; ++i) {
        const double previous = t.episode_start ? 0.0 : e[i];
        e[i] = state_kind ? t.ratio * (gamma * lambda * previous + x[i])
                          : gamma * lambda * t.ratio * previous + x[i];
        w[i] += alpha * delta * e[i];
      }
      agent.observe(t);
      for (std::size_t i = 0; i < d; ++i) {
        CHECK(agent.trace()[i] == doctest::Approx(e[i]).epsilon(1e-14));
        CHECK(agent.weights()[i] == doctest::Approx(w[i]).epsilon(1e-14));
      }
    }
  }
}

TEST_CASE("td_lambda with lambda = 0 is td0, sample and expected updates alike") {
  for (const MdpTestSpec& spec : {state_feature_mdp(), pair_feature_mdp()}) {
    MdpTestProblem test(spec, DataMode::kExpected);
    const std::vector<double> w0(spec.dim, -0.4);
    TdLambda traced({.alpha = 0.1, .lambda = 0.0, .initial_weights = w0});
    Td0 plain({.alpha = 0.1, .initial_weights = w0});
    traced.reset(test.problem());
    plain.reset(test.problem());
    for (const Transition& t : trajectory(test)) {
      traced.observe(t);
      plain.observe(t);
    }
    for (int k = 0; k < 5; ++k) {
      traced.expected_update();
      plain.expected_update();
    }
    for (std::size_t i = 0; i < spec.dim; ++i)
      CHECK(traced.weights()[i] == doctest::Approx(plain.weights()[i]).epsilon(1e-13));
  }
}

TEST_CASE("expected td_lambda with lambda = 1 converges to the mu-weighted least-squares fit") {
  // lambda = 1: A_1 = Phi' D Phi and b_1 = Phi' D v_pi [D], so the fixed point is the
  // projection of v_pi = (I - gamma P)^-1 r (computed here from the hand-built chain).
  for (const MdpTestSpec& spec : {state_feature_mdp(), pair_feature_mdp()}) {
    MdpTestProblem test(spec, DataMode::kExpected);
    const arma::mat& phi = test.chain().phi;
    const arma::mat identity = arma::eye(phi.n_rows, phi.n_rows);
    const arma::vec values =
        arma::solve(identity - test.chain().gamma * test.chain().p_target, test.chain().r_target);
    const arma::mat weighted = phi.each_col() % test.chain().mu;
    const arma::vec fit = arma::solve(weighted.t() * phi, weighted.t() * values);
    TdLambda agent({.alpha = 0.5, .lambda = 1.0});
    agent.reset(test.problem());
    for (int k = 0; k < 40000; ++k) agent.expected_update();
    for (std::size_t i = 0; i < spec.dim; ++i)
      CHECK(agent.weights()[i] == doctest::Approx(fit(i)).epsilon(1e-10));
  }
}

TEST_CASE("td_lambda refuses lambda > 0 on i.i.d. samples") {
  MdpTestProblem samples(state_feature_mdp(), DataMode::kSamples);
  MdpTestProblem expected(state_feature_mdp(), DataMode::kExpected);
  CHECK(config_error_key([&] { TdLambda({.lambda = 0.5}).check(samples.problem()); }) == "lambda");
  CHECK(config_error_key([&] { TdLambda({.lambda = 0.0}).check(samples.problem()); }) ==
        "<no ConfigError>");
  CHECK(config_error_key([&] { TdLambda({.lambda = 0.5}).check(expected.problem()); }) ==
        "<no ConfigError>");
  CHECK(config_error_key([] { TdLambda({.lambda = -0.1}); }) == "lambda");
}

TEST_CASE("expected td_lambda equals the stationary-trajectory mean of the trace updates") {
  // The sample recursion's mean along a stationary behaviour trajectory (dynamic
  // programming over the trace, tests/support/mdp_test_problem.hpp), against the agent's
  // A_l, b_l built from the target chain: the per-decision ratios turn b into pi.
  for (FeatureKind kind : {FeatureKind::kState, FeatureKind::kStateAction}) {
    const MdpTestSpec spec = stationary_trace_mdp(kind);
    MdpTestProblem test(spec, DataMode::kExpected);
    const std::vector<double> w0 = kind == FeatureKind::kState
                                       ? std::vector<double>{0.6, -0.9}
                                       : std::vector<double>{0.6, -0.9, 0.2};
    for (double lambda : {0.3, 0.8}) {
      CAPTURE(lambda);
      TdLambda agent({.alpha = 0.01, .lambda = lambda, .initial_weights = w0});
      agent.reset(test.problem());
      agent.expected_update();
      const arma::vec mean = stationary_trace_update(test, arma::vec(w0), lambda, false);
      for (std::size_t i = 0; i < spec.dim; ++i)
        CHECK(std::abs((agent.weights()[i] - w0[i]) / 0.01 - mean(i)) < 1e-10);
    }
  }
}
