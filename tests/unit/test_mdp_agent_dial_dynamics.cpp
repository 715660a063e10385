// The agents' expected dynamics on spec 6.4's dial chain at theta = 1 (experiment E4,
// expected-update version; reference numbers from spec 9.4): at t = 0.1 TD(0), FQE,
// GTD2, TDC and ETD reach w* = (1, 1); at t = 0.02 A has a negative eigenvalue, so the
// expected TD(0) and FQE iterations diverge (spectral radii 1.00196 and 1.16695) while
// LSTD and the minimax estimator are exact and GTD2, TDC, ETD converge.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "agents/mdp/etd.hpp"
#include "agents/mdp/fqe.hpp"
#include "agents/mdp/gradient_td.hpp"
#include "agents/mdp/linear_minimax.hpp"
#include "agents/mdp/lstd.hpp"
#include "agents/mdp/td0.hpp"
#include "tests/support/mdp_test_problem.hpp"

using namespace banditsim;
using namespace banditsim::mdp;
using namespace banditsim::testing;

namespace {

double spectral_radius(const arma::mat& m) { return arma::abs(arma::eig_gen(m)).max(); }

/// The linear part of one expected TD(0) step w -> (I - alpha A) w + alpha b, read off
/// the agent by probing it from w = 0 and w = e_i.
arma::mat td0_step_matrix(const MdpTestProblem& test, double alpha) {
  auto step_from = [&](std::vector<double> w0) {
    Td0 agent({.alpha = alpha, .initial_weights = w0});
    agent.reset(test.problem());
    agent.expected_update();
    return arma::vec(std::vector<double>(agent.weights().begin(), agent.weights().end()));
  };
  const arma::vec offset = step_from({0.0, 0.0});
  arma::mat m(2, 2);
  m.col(0) = step_from({1.0, 0.0}) - offset;
  m.col(1) = step_from({0.0, 1.0}) - offset;
  return m;
}

template <class Agent>
void check_reaches_w_star(Agent agent, const MdpTestProblem& test, long steps, double tolerance) {
  agent.reset(test.problem());
  for (long k = 0; k < steps; ++k) agent.expected_update();
  agent.refresh();
  CHECK(agent.status().diverged_at == -1);
  CHECK(std::abs(agent.weights()[0] - 1.0) < tolerance);
  CHECK(std::abs(agent.weights()[1] - 1.0) < tolerance);
}

}  // namespace

TEST_CASE(
    "dial theta = 1, t = 0.1: the expected iterations' radii are spec 9.4's and all reach w*") {
  MdpTestProblem test(dial_mdp(1.0, 0.1), DataMode::kExpected);
  // Spec 9.4: rho(I - 0.5 A) = 0.99586, FQE rho = 0.9 (digits as printed).
  CHECK(spectral_radius(td0_step_matrix(test, 0.5)) == doctest::Approx(0.99586).epsilon(5e-6));
  Fqe fqe({});
  fqe.reset(test.problem());
  CHECK(spectral_radius(fqe.iteration_matrix()) == doctest::Approx(0.9).epsilon(1e-12));
  // 0.99586^20000 ~ 1e-36 and 0.99996^2e6 ~ 1e-34: converged far below the tolerance.
  check_reaches_w_star(Td0({.alpha = 0.5}), test, 20000, 1e-9);
  check_reaches_w_star(Fqe({}), test, 2000, 1e-9);
  check_reaches_w_star(Gtd2({.alpha = 0.1, .beta = 0.5}), test, 2000000, 1e-9);
  check_reaches_w_star(Tdc({.alpha = 0.1, .beta = 0.5}), test, 2000000, 1e-9);
  check_reaches_w_star(Etd({.alpha = 0.05}), test, 200000, 1e-9);
}

TEST_CASE("dial theta = 1, t = 0.02: TD(0) and FQE diverge, LSTD, minimax, GTD2, TDC, ETD do not") {
  MdpTestProblem test(dial_mdp(1.0, 0.02), DataMode::kExpected);
  // Spec 9.4: rho(I - 0.5 A) = 1.00196, FQE rho = 1.16695.
  CHECK(spectral_radius(td0_step_matrix(test, 0.5)) == doctest::Approx(1.00196).epsilon(5e-6));
  Fqe fqe({});
  fqe.reset(test.problem());
  CHECK(spectral_radius(fqe.iteration_matrix()) == doctest::Approx(1.16695).epsilon(5e-6));

  // FQE from w = 0 grows like 1.16695^k: it overflows near k = ln(1.8e308) / ln(1.16695)
  // ~ 4600 (give or take the constant of the dominant component).
  fqe.reset(test.problem());
  for (int k = 0; k < 10000; ++k) fqe.expected_update();
  CHECK(fqe.status().diverged_at > 4000);
  CHECK(fqe.status().diverged_at < 5000);

  Td0 td({.alpha = 0.5});
  td.reset(test.problem());
  for (int k = 0; k < 600000; ++k) td.expected_update();
  // 1.00196^k overflows near k = 709.8 / 0.001958 ~ 3.6e5.
  CHECK(td.status().diverged_at > 300000);
  CHECK(td.status().diverged_at < 400000);

  // Realizable and A invertible: the population LSTD / minimax solution is w* exactly (T1).
  check_reaches_w_star(Lstd({}), test, 1, 1e-10);
  check_reaches_w_star(LinearMinimax({}), test, 1, 1e-10);
  // TDC / GTD2 radius 0.99998766 / 0.99998773 (spec 9.4): 0.99998766^3e6 ~ 1e-16.
  check_reaches_w_star(Tdc({.alpha = 0.1, .beta = 0.5}), test, 3000000, 1e-6);
  check_reaches_w_star(Gtd2({.alpha = 0.1, .beta = 0.5}), test, 3000000, 1e-6);
  // ETD's key matrix is positive definite for any data distribution (spec 10).
  check_reaches_w_star(Etd({.alpha = 0.05}), test, 200000, 1e-9);
}
