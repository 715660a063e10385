// build_chain and behaviour_stationary_distribution (evaluation_chain.hpp): the
// matrices over rows for state and pair features, mu from `sampling` or rho_b by
// data mode, terminal states, the restart chain's stationary distribution in
// closed form, and the uniqueness error only where rho_b is needed.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "envs/mdp/baird.hpp"
#include "envs/mdp/dial_chain.hpp"
#include "envs/mdp/tsitsiklis_van_roy.hpp"
#include "sim/families/mdp/evaluation_chain.hpp"
#include "sim/families/mdp/mdp_model.hpp"
#include "tests/support/config_error_key.hpp"

using namespace banditsim;
using namespace banditsim::mdp;
using banditsim::testing::config_error_key;

namespace {

/// Two states, two actions. Action 0 stays, action 1 moves to the other state.
/// Behaviour moves w.p. q_s at state s, so rho_b is proportional to (q_1, q_0).
MdpModel two_state_model(double q0, double q1) {
  MdpModel m;
  m.states = 2;
  m.actions = 2;
  m.transitions = {1, 0, 0, 1, 0, 1, 1, 0};
  m.rewards = {1.0, 2.0, 3.0, 4.0};
  m.gamma = 0.5;
  m.start = {1.0, 0.0};
  m.behaviour = {1.0 - q0, q0, 1.0 - q1, q1};
  m.target = {0.25, 0.75, 1.0, 0.0};
  m.terminal = {0, 0};
  m.feature_kind = FeatureKind::kStateAction;
  m.dim = 2;
  m.features = {1, 0, 0, 1, 1, 1, 2, 0};
  return m;
}

}  // namespace

TEST_CASE("evaluation chain: step axis names") {
  CHECK(std::string(step_axis_name(DataMode::kTrajectory)) == "steps");
  CHECK(std::string(step_axis_name(DataMode::kSamples)) == "samples");
  CHECK(std::string(step_axis_name(DataMode::kExpected)) == "iterations");
}

TEST_CASE(
    "evaluation chain: pair features have P[(s,a),(s',a')] = P(s'|s,a) pi(a'|s') and mu = rho b") {
  const MdpModel m = two_state_model(0.2, 0.6);
  const EvaluationChain chain = build_chain(m, DataMode::kSamples, "test");
  CHECK(chain.rows == 4);
  // rho_b solves rho_0 q_0 = rho_1 q_1: (0.75, 0.25).
  CHECK(std::abs(chain.behaviour_stationary(0) - 0.75) <= 1e-12);
  CHECK(std::abs(chain.behaviour_stationary(1) - 0.25) <= 1e-12);
  // Pair (0, 1) moves to state 1, where pi = (1, 0).
  CHECK(chain.p_target(1, 2) == 1.0);
  CHECK(chain.p_target(1, 3) == 0.0);
  // Pair (0, 0) stays at state 0, where pi = (0.25, 0.75).
  CHECK(chain.p_target(0, 0) == 0.25);
  CHECK(chain.p_target(0, 1) == 0.75);
  CHECK(chain.p_behaviour(0, 1) == 0.2);
  CHECK(chain.r_target(3) == 4.0);
  CHECK(std::abs(chain.mu(0) - 0.75 * 0.8) <= 1e-12);
  CHECK(std::abs(chain.mu(3) - 0.25 * 0.6) <= 1e-12);
  CHECK(chain.nu(0) == 0.25);
  CHECK(chain.nu(1) == 0.75);
  CHECK(chain.nu(2) == 0.0);
  CHECK(chain.phi(2, 1) == 1.0);
}

TEST_CASE(
    "evaluation chain: state features average over pi, mu follows sampling except for "
    "trajectories") {
  MdpModel m = two_state_model(0.2, 0.6);
  m.feature_kind = FeatureKind::kState;
  m.target = {0.25, 0.75, 0.5, 0.5};
  m.features = {1, 0, 1, 1};
  m.sampling = {0.1, 0.9};
  const EvaluationChain samples = build_chain(m, DataMode::kSamples, "test");
  CHECK(samples.rows == 2);
  CHECK(samples.p_target(0, 0) == 0.25);
  CHECK(samples.p_target(0, 1) == 0.75);
  CHECK(samples.r_target(0) == 0.25 * 1.0 + 0.75 * 2.0);
  CHECK(samples.mu(0) == 0.1);
  CHECK(samples.state_distribution(1) == 0.9);
  CHECK(build_chain(m, DataMode::kExpected, "test").mu(1) == 0.9);
  const EvaluationChain trajectory = build_chain(m, DataMode::kTrajectory, "test");
  CHECK(std::abs(trajectory.mu(0) - 0.75) <= 1e-12);  // rho_b, whatever sampling says
}

TEST_CASE("evaluation chain: entering a terminal state restarts from start (TvR, closed form)") {
  // s_1 -> s_2; s_2 -> terminal w.p. p (then s_1 again): rho_b = (p, 1) / (1 + p), 0 at the
  // terminal.
  const double p = 0.25;
  const TsitsiklisVanRoy env({.p_term = p});
  const arma::vec rho = behaviour_stationary_distribution(env.model(), "test");
  CHECK(std::abs(rho(0) - p / (1 + p)) <= 1e-12);
  CHECK(std::abs(rho(1) - 1 / (1 + p)) <= 1e-12);
  CHECK(std::abs(rho(2)) <= 1e-12);
  const EvaluationChain chain = build_chain(env.model(), DataMode::kSamples, "test");
  // The terminal state's column is zero (value 0) and its feature row is zero.
  CHECK(chain.p_target(1, 2) == 0.0);
  CHECK(chain.p_target(1, 1) == 1.0 - p);
  CHECK(chain.phi(2, 0) == 0.0);
  CHECK(chain.mu(0) == 0.5);
}

TEST_CASE(
    "evaluation chain: dial embedding's rho_b is the stationary law of (1 - beta) P_0 + beta 1 "
    "e_0'") {
  const double beta = 0.2;
  const DialChain env({.theta = 1.0, .embedding = true, .beta = beta});
  const arma::vec rho = behaviour_stationary_distribution(env.model(), "test");
  arma::mat k = arma::reshape(arma::vec(DialChain::dial_transitions(0.0)), 3, 3).t();
  k = (1.0 - beta) * k;
  k.col(0) += beta;
  CHECK(arma::norm(k.t() * rho - rho) <= 1e-12);
  CHECK(std::abs(arma::accu(rho) - 1.0) <= 1e-12);
}

TEST_CASE(
    "evaluation chain: a behaviour chain with two recurrent classes throws only when rho_b is "
    "needed") {
  MdpModel m = two_state_model(0.0, 0.0);  // the behaviour never moves: two absorbing states
  m.target = {1.0, 0.0, 1.0, 0.0};
  validate_model(m, "test");
  CHECK(config_error_key([&] { build_chain(m, DataMode::kSamples, "test"); }) == "behaviour");
  CHECK(config_error_key([&] { behaviour_stationary_distribution(m, "test"); }) == "behaviour");
  m.sampling = {0.5, 0.5};
  CHECK_NOTHROW(build_chain(m, DataMode::kSamples, "test"));
  CHECK_NOTHROW(build_chain(m, DataMode::kExpected, "test"));
  CHECK(behaviour_stationary_distribution(m, "test").is_empty());
  CHECK(config_error_key([&] { build_chain(m, DataMode::kTrajectory, "test"); }) == "behaviour");
}

TEST_CASE(
    "evaluation chain: baird's rho_b is uniform and every row sums to 1 under both policies") {
  const Baird env({});
  const EvaluationChain chain = build_chain(env.model(), DataMode::kTrajectory, "test");
  for (std::size_t s = 0; s < 7; ++s) CHECK(std::abs(chain.mu(s) - 1.0 / 7.0) <= 1e-12);
  CHECK(arma::norm(arma::sum(chain.p_target, 1) - 1.0) <= 1e-12);
  CHECK(arma::norm(arma::sum(chain.p_behaviour, 1) - 1.0) <= 1e-12);
  CHECK(chain.p_target(3, 6) == 1.0);  // the target always takes solid -> s_7
}
