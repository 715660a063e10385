// linear_query agents on their own (spec ../shared/specs/papers-causal-sparse.md Part B):
// the ODLS bias identity and its bound (B.7), the pull accounting of g_optimal_ls, the Lasso
// explore-then-commit on noiseless good features, and the refusals (non-enumerable sets,
// budgets too small).
#include <doctest/doctest.h>

#include <armadillo>
#include <cmath>

#include "agents/linear_query/all.hpp"
#include "envs/linear_query/all.hpp"
#include "sim/families/linear_query/runner.hpp"

using namespace banditsim;
using namespace banditsim::linear_query;

namespace {

MisspecifiedLinear::Config sphere_config(std::int64_t d, std::int64_t k, std::int64_t s,
                                         double eps) {
  MisspecifiedLinear::Config config;
  config.actions = "sphere";
  config.dim = d;
  config.num_actions = k;
  config.sparsity = s;
  config.epsilon = eps;
  config.instance_seed = 3;
  return config;
}

template <class Agent>
QueryOutcome run(Agent& agent, MisspecifiedLinear& env, std::int64_t budget, std::uint64_t seed) {
  env.start_rewards(seed);
  QueryProblem problem = env.problem();
  problem.budget = budget;
  agent.reset(problem);
  AgentStreams streams{.sampling = Rng(seed + 1)};
  std::vector<std::uint64_t> keys;
  return run_replication(agent, env, budget, streams, keys);
}

}  // namespace

TEST_CASE(
    "g_optimal_ls: noiseless theta_hat - theta equals V^-1 sum n_b phi_b m_b, and the bias bound") {
  // Spec B.7: with sigma = 0 the least-squares error is the misspecification's image,
  // theta_hat - theta* = V^-1 sum_b n_b phi(b) m(b), so |<phi(a), theta_hat - theta*>| <=
  // eps sqrt(n phi(a)' V^-1 phi(a)) (Cauchy-Schwarz, n = sum n_b) for every action.
  MisspecifiedLinear env(sphere_config(5, 60, 2, 0.1));
  GOptimalLs agent(GOptimalLs::Config{});
  const QueryOutcome outcome = run(agent, env, 997, 11);
  REQUIRE(outcome.finished);
  CHECK(outcome.pulls == 997);
  const arma::mat& phi = env.action_set().features();
  arma::mat gram(5, 5, arma::fill::zeros);
  arma::vec image(5, arma::fill::zeros);
  double n = 0.0;
  for (std::size_t i = 0; i < agent.support().size(); ++i) {
    const arma::rowvec x = phi.row(agent.support()[i]);
    const double count = static_cast<double>(agent.pulls()[i]);
    gram += count * x.t() * x;
    image += count * env.misspecification()[agent.support()[i]] * x.t();
    n += count;
  }
  CHECK(n == 997);
  const arma::vec predicted = arma::solve(gram, image);
  const std::span<const double> theta_hat = agent.estimate(), theta = env.theta();
  for (std::size_t j = 0; j < 5; ++j)
    CHECK(theta_hat[j] - theta[j] == doctest::Approx(predicted(j)).epsilon(1e-9));
  const arma::mat inverse = arma::inv_sympd(gram);
  arma::vec error(5);
  for (std::size_t j = 0; j < 5; ++j) error(j) = theta_hat[j] - theta[j];
  for (std::size_t a = 0; a < phi.n_rows; ++a) {
    const arma::rowvec x = phi.row(a);
    const double g = n * arma::as_scalar(x * inverse * x.t());
    CHECK(std::abs(arma::dot(x, error)) <= 0.1 * std::sqrt(g) + 1e-12);
  }
  // Kiefer-Wolfowitz at the Frank-Wolfe design: d <= max g <= (1 + eta) d (eta = 0.1).
  CHECK(agent.design_max_variance() >= 5.0 - 1e-9);
  CHECK(agent.design_max_variance() <= 5.5 + 1e-9);
}

TEST_CASE("lasso_etc on the noiseless hypercube without misspecification recovers sign(theta)") {
  MisspecifiedLinear::Config config;
  config.actions = "hypercube";
  config.dim = 200;
  config.sparsity = 3;
  config.epsilon = 1e-6;
  config.theta_norm = "l1";
  config.misspecification = "none";
  config.instance_seed = 4;
  MisspecifiedLinear env(config);
  LassoEtc agent(LassoEtc::Config{});
  const QueryOutcome outcome = run(agent, env, 400, 5);
  REQUIRE(outcome.finished);
  CHECK(outcome.distinct == 400);
  // lambda = 2 eps: the estimate is within O(s lambda) of theta in l1, and the sign vector of
  // theta_hat is optimal on the support; off the support ties go to +1 and cost nothing.
  const std::span<const double> theta_hat = agent.estimate(), theta = env.theta();
  double l1 = 0.0;
  for (std::size_t j = 0; j < 200; ++j) l1 += std::abs(theta_hat[j] - theta[j]);
  CHECK(l1 < 1e-3);
  const Action chosen = agent.recommend();
  CHECK(env.best_linear_mean() - env.action_set().inner(chosen, theta) < 1e-12);
}

TEST_CASE("linear_query agents refuse what they cannot do, naming the key") {
  MisspecifiedLinear::Config cube;
  cube.actions = "hypercube";
  cube.dim = 30;
  cube.misspecification = "hash";
  MisspecifiedLinear env(cube);
  QueryProblem problem = env.problem();
  problem.budget = 100;
  SparseNetEnum sparse(SparseNetEnum::Config{});
  CHECK_THROWS_AS(sparse.reset(problem), ConfigError);
  Exhaustive exhaustive(Exhaustive::Config{});
  CHECK_THROWS_AS(exhaustive.reset(problem), ConfigError);
  GOptimalLs odls(GOptimalLs::Config{});
  CHECK_THROWS_AS(odls.reset(problem), ConfigError);

  MisspecifiedLinear sphere(sphere_config(6, 64, 2, 0.1));
  QueryProblem small = sphere.problem();
  small.budget = 50;  // min(C(6, 2) |Net|, K) = min(15 x 40, 64) candidates may be needed
  try {
    sparse.reset(small);
    FAIL("no error");
  } catch (const ConfigError& error) {
    CHECK(error.key() == "budget");
    CHECK(std::string(error.what()).find("= 64 x 1 pulls") != std::string::npos);
  }
  small.budget = 5;
  try {
    odls.reset(small);
    FAIL("no error");
  } catch (const ConfigError& error) {
    CHECK(error.key() == "budget");
  }
}

TEST_CASE("g_optimal_ls on features spanning fewer than d dimensions works in their span") {
  // Spec B.8: Frank-Wolfe needs the features to span R^d, "else restrict to the span". Four
  // actions in the plane x3 = 0 of R^3, theta = (0, 0.9, 0), no misspecification, noiseless:
  // least squares in the span recovers theta's projection exactly and the best action.
  MisspecifiedLinear::Config config;
  config.actions = "explicit";
  config.features = {{1.0, 0.0, 0.0}, {0.0, 1.0, 0.0}, {0.6, 0.8, 0.0}, {-0.6, 0.8, 0.0}};
  config.theta = "given";
  config.theta_values = {0.0, 0.9, 0.0};
  config.misspecification = "none";
  config.epsilon = 0.01;
  MisspecifiedLinear env(config);
  GOptimalLs agent(GOptimalLs::Config{});
  const QueryOutcome outcome = run(agent, env, 100, 3);
  REQUIRE(outcome.finished);
  const std::span<const double> theta_hat = agent.estimate();
  CHECK(theta_hat[0] == doctest::Approx(0.0).scale(1.0).epsilon(1e-12));
  CHECK(theta_hat[1] == doctest::Approx(0.9).epsilon(1e-12));
  CHECK(std::abs(theta_hat[2]) <= 1e-12);
  CHECK(agent.recommend().index == 1);
  // Kiefer-Wolfowitz in the span: r = 2 <= max g <= (1 + eta) r.
  CHECK(agent.design_max_variance() >= 2.0 - 1e-9);
  CHECK(agent.design_max_variance() <= 2.2 + 1e-9);
}

TEST_CASE("lasso_etc's default lambda is 2 (eps + sigma sqrt(2 ln(2d/p) / n))") {
  // Spec B.4.4 and the pitfall of B.8: lambda must include the misspecification eps.
  MisspecifiedLinear::Config config;
  config.actions = "hypercube";
  config.dim = 50;
  config.sparsity = 2;
  config.epsilon = 0.02;
  config.misspecification = "hash";
  config.noise_sd = 0.1;
  MisspecifiedLinear env(config);
  QueryProblem problem = env.problem();
  problem.budget = 800;
  LassoEtc agent(LassoEtc::Config{});
  agent.reset(problem);
  CHECK(agent.lambda() ==
        doctest::Approx(2.0 * (0.02 + 0.1 * std::sqrt(2.0 * std::log(2.0 * 50 / 0.05) / 800.0)))
            .epsilon(1e-14));
}

TEST_CASE("the packing of spec B.5: coherence, the needle's reward and |m| <= eps") {
  // B.5: v_i = +-1/sqrt(s) with |<v_i, v_j>| <= zeta for i != j, theta = c v_{i*}, c = eps/zeta,
  // r(a_i) = c 1{i = i*}, so m(a_i) = r - <phi, theta> has |m| <= c zeta = eps.
  MisspecifiedLinear::Config config;
  config.actions = "packing";
  config.dim = 24;
  config.sparsity = 20;
  config.num_actions = 60;
  config.coherence = 0.5;
  config.epsilon = 0.1;
  config.theta = "needle";
  config.misspecification = "needle";
  config.instance_seed = 6;
  MisspecifiedLinear env(config);
  const arma::mat& phi = env.action_set().features();
  REQUIRE(phi.n_rows == 60);
  for (std::size_t i = 0; i < 60; ++i) {
    CHECK(arma::norm(phi.row(i)) == doctest::Approx(1.0).epsilon(1e-12));
    CHECK(arma::norm(phi.row(i).tail(4)) == 0.0);  // only the first s coordinates
    for (std::size_t j = 0; j < i; ++j)
      CHECK(std::abs(arma::dot(phi.row(i), phi.row(j))) <= 0.5 + 1e-12);
  }
  int needles = 0;
  for (std::uint64_t a = 0; a < 60; ++a) {
    const double r = env.mean({.index = a});
    CHECK(std::abs(env.misspecification()[a]) <= 0.1 + 1e-12);
    if (r != 0.0) {
      ++needles;
      CHECK(r == doctest::Approx(0.2).epsilon(1e-12));  // c = eps / zeta
    }
  }
  CHECK(needles == 1);
  CHECK(env.best_mean() == doctest::Approx(0.2).epsilon(1e-12));
}
