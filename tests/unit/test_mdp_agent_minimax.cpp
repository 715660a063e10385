// The minimax estimators (spec 3.1, 3.5, T10): over the linear class (linear_minimax)
// the empirical minimax objective is the empirical MSPBE, zero at the LSTD solution,
// and its min-norm minimizer equals LSTD when A_hat is invertible and differs from it
// when A_hat is singular; over a finite grid (finite_class_minimax) the objective from
// the sufficient statistics equals the pseudo-code's, computed from the sample list,
// and a grid containing the LSTD solution picks it.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "agents/mdp/finite_class_minimax.hpp"
#include "agents/mdp/linear_minimax.hpp"
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

arma::vec row(const MdpTestProblem& test, std::size_t r) {
  return arma::vec(test.problem().feature_row(r).data(), test.problem().dim);
}
arma::vec next(const MdpTestProblem& test, std::size_t s) {
  return arma::vec(test.problem().next_row(s).data(), test.problem().dim);
}

/// Spec 3.1's l(Q', Q) = sum_i rho_i (Q'(x_i) - r_i - gamma Q(x'_i))^2 from the sample list.
double loss(const MdpTestProblem& test, const std::vector<Transition>& data, const arma::vec& w_q1,
            const arma::vec& w_q) {
  double sum = 0.0;
  for (const Transition& t : data) {
    const double residual = arma::dot(row(test, t.row), w_q1) - t.reward -
                            test.problem().gamma * arma::dot(next(test, t.next_state), w_q);
    sum += t.update_ratio * residual * residual;
  }
  return sum;
}

/// l(Phi w, Phi w) - min_{w'} l(Phi w', Phi w), the inner min by weighted least squares.
double linear_minimax_objective(const MdpTestProblem& test, const std::vector<Transition>& data,
                                const arma::vec& w) {
  const std::size_t d = w.n_elem;
  arma::mat normal(d, d, arma::fill::zeros);
  arma::vec right(d, arma::fill::zeros);
  for (const Transition& t : data) {
    const arma::vec x = row(test, t.row);
    const double y = t.reward + test.problem().gamma * arma::dot(next(test, t.next_state), w);
    normal += t.update_ratio * x * x.t();
    right += t.update_ratio * y * x;
  }
  const arma::vec best = arma::solve(normal, right);
  return loss(test, data, w, w) - loss(test, data, best, w);
}

}  // namespace

TEST_CASE("the empirical minimax objective is the empirical MSPBE and vanishes at LSTD (3.5)") {
  for (const MdpTestSpec& spec : {state_feature_mdp(), pair_feature_mdp()}) {
    MdpTestProblem test(spec);
    const std::vector<Transition> data = samples(test, 300, 11);
    Lstd lstd({});
    LinearMinimax minimax({});
    lstd.reset(test.problem());
    minimax.reset(test.problem());
    for (const Transition& t : data) {
      lstd.observe(t);
      minimax.observe(t);
    }
    lstd.refresh();
    minimax.refresh();
    const arma::vec w_lstd(lstd.weights().data(), spec.dim);
    const double scale = loss(test, data, w_lstd, w_lstd);
    CHECK(std::abs(linear_minimax_objective(test, data, w_lstd)) < 1e-10 * scale);
    // Elsewhere the objective is (A w - b)' Sigma^-1 (A w - b) with the moments' sums.
    const WeightedMoments& m = minimax.moments();
    const arma::vec w = w_lstd + arma::linspace(0.5, -0.7, spec.dim);
    const arma::vec residual = (m.sigma - spec.gamma * m.sx) * w - m.b;
    const double mspbe = arma::dot(residual, arma::solve(m.sigma, residual));
    CHECK(linear_minimax_objective(test, data, w) == doctest::Approx(mspbe).epsilon(1e-9));
    // A_hat invertible: linear_minimax = lstd.
    for (std::size_t i = 0; i < spec.dim; ++i)
      CHECK(minimax.weights()[i] == doctest::Approx(lstd.weights()[i]).epsilon(1e-10));
    CHECK(minimax.status().singular_solves == 0);
  }
}

TEST_CASE("on a singular A, linear_minimax's min-norm MSPBE minimizer differs from LSTD's") {
  // Spec 6.4's dial chain at theta = 1 and t* = 7/153, where A is singular (det A = h
  // [-0.0175 + 0.3825 t]) while Sigma is definite; with the misspecified twin's values
  // Q = (1, 2, 3.5) (spec 6.4), r = (I - gamma P) Q = (-0.35, 1.1, 1.025) is not in A's
  // range, so LSTD's pinv(A) b and the minimax minimizer differ.
  MdpTestSpec spec;
  spec.states = 3;
  spec.actions = 1;
  spec.transitions = {0.5, 0.5, 0.0, 1.0, 0.0, 0.0, 0.0, 0.5, 0.5};
  spec.rewards = {-0.35, 1.1, 1.025};
  spec.behaviour = {1.0, 1.0, 1.0};
  spec.target = {1.0, 1.0, 1.0};
  spec.terminal = {0, 0, 0};
  spec.dim = 2;
  spec.features = {1.0, 0.0, 1.0, 1.0, 1.0, 2.0};
  const double t = 7.0 / 153.0;
  spec.state_distribution = {t, 0.5 * (1.0 - t), 0.5 * (1.0 - t)};
  spec.gamma = 0.9;
  MdpTestProblem test(spec, DataMode::kExpected);
  const ExactSolution& exact = test.exact();
  REQUIRE(exact.a_singular);
  REQUIRE(arma::rcond(exact.sigma) > 1e-3);
  Lstd lstd({});
  LinearMinimax minimax({});
  lstd.reset(test.problem());
  minimax.reset(test.problem());
  lstd.refresh();
  minimax.refresh();
  const arma::vec w_lstd(lstd.weights().data(), 2);
  const arma::vec w_minimax(minimax.weights().data(), 2);
  CHECK(lstd.status().singular_solves == 1);
  CHECK(minimax.status().singular_solves == 1);
  // The minimax answer solves the MSPBE's normal equations A' Sigma^-1 (A w - b) = 0 ...
  const arma::mat sigma_inv = arma::inv_sympd(exact.sigma);
  const arma::vec gradient = exact.a.t() * sigma_inv * (exact.a * w_minimax - exact.b);
  CHECK(arma::norm(gradient) < 1e-10);
  // ... with minimum norm: orthogonal to A's null vector (the last right singular vector).
  arma::mat u, v;
  arma::vec sv;
  arma::svd(u, sv, v, exact.a);
  CHECK(std::abs(arma::dot(v.col(1), w_minimax)) < 1e-10);
  // LSTD's pinv(A) b minimizes the Euclidean residual instead: a different point with a
  // larger MSPBE (b is not in A's range: the twin is misspecified).
  auto mspbe = [&](const arma::vec& w) {
    const arma::vec r = exact.a * w - exact.b;
    return arma::dot(r, sigma_inv * r);
  };
  CHECK(arma::norm(w_lstd - w_minimax) > 1e-6);
  CHECK(mspbe(w_minimax) < mspbe(w_lstd));
}

TEST_CASE("finite_class_minimax's objective equals spec 3.1's pseudo-code on the sample list") {
  for (const MdpTestSpec& spec : {state_feature_mdp(), pair_feature_mdp()}) {
    MdpTestProblem test(spec);
    const std::vector<Transition> data = samples(test, 200, 12);
    Lstd lstd({});
    lstd.reset(test.problem());
    for (const Transition& t : data) lstd.observe(t);
    lstd.refresh();
    // Centre the grid on the sample's LSTD solution (in place of the population w_td), so
    // the class contains the empirical minimax minimizer (T10).
    test.exact().w_td = arma::vec(lstd.weights().data(), spec.dim);
    FiniteClassMinimax agent({.spacing = 0.05, .radius = 0.1});
    agent.check(test.problem());
    agent.reset(test.problem());
    for (const Transition& t : data) agent.observe(t);
    agent.refresh();
    const std::size_t size = agent.class_size();
    REQUIRE(size == static_cast<std::size_t>(std::pow(5.0, static_cast<double>(spec.dim))));
    // Lexicographic order: member 0 is c - m h everywhere, member 1 moves the last coordinate.
    CHECK(agent.members()(0, 0) == doctest::Approx(test.exact().w_td(0) - 0.1));
    CHECK(agent.members()(1, spec.dim - 1) ==
          doctest::Approx(test.exact().w_td(spec.dim - 1) - 0.05));
    CHECK(agent.members()(1, 0) == agent.members()(0, 0));
    for (std::size_t q = 0; q < size; ++q) {
      const arma::vec w_q = agent.members().row(q).t();
      const double own = loss(test, data, w_q, w_q);
      double best = own;
      for (std::size_t p = 0; p < size; ++p)
        best = std::min(best, loss(test, data, agent.members().row(p).t(), w_q));
      CAPTURE(q);
      CHECK(std::abs(agent.objective()(q) - (own - best)) <= 1e-9 * (1.0 + own));
    }
    // The centre (index (K - 1) / 2) is the LSTD solution, its own FQE image: objective ~0.
    // Other members whose best in-class fit is themselves tie with it at 0 (gamma = 0.9
    // makes the FQE map move little), and the lowest index among the minima is chosen.
    const double tie = 1e-12 * loss(test, data, test.exact().w_td, test.exact().w_td);
    const std::size_t centre = (size - 1) / 2;
    CHECK(std::abs(agent.objective()(centre)) < tie);
    const double best = agent.objective().min();
    CHECK(best > -tie);
    for (std::size_t q = 0; q < agent.chosen(); ++q) CHECK(agent.objective()(q) > best + tie);
    CHECK(agent.chosen() <= centre);
  }
}

TEST_CASE("finite_class_minimax on a grid containing the LSTD solution picks it (T10)") {
  // With gamma = 0.2 the FQE map w -> Sigma^-1 (b + gamma Sx w) moves every other grid
  // member away from itself by more than half a spacing, so the LSTD solution is the
  // unique zero of the objective and is chosen.
  for (MdpTestSpec spec : {state_feature_mdp(), pair_feature_mdp()}) {
    spec.gamma = 0.2;
    MdpTestProblem test(spec);
    const std::vector<Transition> data = samples(test, 200, 13);
    Lstd lstd({});
    lstd.reset(test.problem());
    for (const Transition& t : data) lstd.observe(t);
    lstd.refresh();
    test.exact().w_td = arma::vec(lstd.weights().data(), spec.dim);
    FiniteClassMinimax agent({.spacing = 0.05, .radius = 0.1});
    agent.reset(test.problem());
    for (const Transition& t : data) agent.observe(t);
    agent.refresh();
    CHECK(agent.chosen() == (agent.class_size() - 1) / 2);
    for (std::size_t q = 0; q < agent.class_size(); ++q)
      if (q != agent.chosen()) CHECK(agent.objective()(q) > 1e-6);
    for (std::size_t i = 0; i < spec.dim; ++i)
      CHECK(agent.weights()[i] == doctest::Approx(lstd.weights()[i]).epsilon(1e-12));
  }
}

TEST_CASE("finite_class_minimax in expected mode picks the population TD fixed point") {
  // Population statistics N = mu, R = mu r, C = mu P (the chain's next-state mass; the
  // state MDP's terminal state has a zero column): the grid around w_td picks w_td.
  for (MdpTestSpec spec : {state_feature_mdp(), pair_feature_mdp()}) {
    spec.gamma = 0.2;  // a unique zero of the objective (see the test above)
    MdpTestProblem test(spec, DataMode::kExpected);
    FiniteClassMinimax agent({.spacing = 0.02, .radius = 0.04});
    agent.reset(test.problem());
    agent.expected_update();
    agent.refresh();
    CHECK(agent.chosen() == (agent.class_size() - 1) / 2);
    for (std::size_t i = 0; i < spec.dim; ++i)
      CHECK(agent.weights()[i] == doctest::Approx(test.exact().w_td(i)).epsilon(1e-12));
    // Every other member has a strictly positive objective.
    for (std::size_t q = 0; q < agent.class_size(); ++q)
      if (q != agent.chosen()) CHECK(agent.objective()(q) > 1e-8);
  }
}

TEST_CASE("finite_class_minimax checks the class size, the centre and the initial weights") {
  MdpTestProblem test(pair_feature_mdp());
  // d = 3, radius / spacing = 5: K = 11^3 = 1331 > 1000.
  CHECK(config_error_key([&] {
          FiniteClassMinimax({.spacing = 0.1, .radius = 0.5}).check(test.problem());
        }) == "max_class_size");
  CHECK(config_error_key([&] {
          FiniteClassMinimax({.spacing = 0.1, .radius = 0.5, .max_class_size = 1331})
              .check(test.problem());
        }) == "<no ConfigError>");
  EvaluationProblem without_exact = test.problem();
  without_exact.exact = nullptr;
  CHECK(config_error_key([&] { FiniteClassMinimax({.radius = 0.1}).check(without_exact); }) ==
        "center");
  CHECK(config_error_key([&] {
          FiniteClassMinimax({.center = "initial_weights", .initial_weights = {1.0}})
              .check(test.problem());
        }) == "initial_weights");
  CHECK(config_error_key([] { FiniteClassMinimax({.spacing = 0.0}); }) == "spacing");
  CHECK(FiniteClassMinimax::class_size(0.1, 0.5, 2, 1000) == 121);
  CHECK(FiniteClassMinimax::class_size(0.1, 0.5, 40, 1000) == 1001);  // capped, no overflow
}

TEST_CASE("finite_class_minimax centred on initial_weights before and after data") {
  MdpTestProblem test(state_feature_mdp());
  FiniteClassMinimax agent(
      {.spacing = 0.5, .radius = 0.5, .center = "initial_weights", .initial_weights = {1.0, -1.0}});
  agent.reset(test.problem());
  CHECK(agent.class_size() == 9);
  CHECK(agent.members()(4, 0) == 1.0);
  CHECK(agent.members()(4, 1) == -1.0);
  agent.refresh();  // no data: the initial weights
  CHECK(agent.weights()[0] == 1.0);
}
