/// @file tests/support/mdp_agent_checks.hpp
/// Checks shared by the mdp agents' tests: the expected update against the
/// probability-weighted average of the sample updates (spec 3.4, 10: the mean
/// dynamics the `iterations` axis runs), and the agents' ComponentInfo defaults.
#pragma once

#include <doctest/doctest.h>

#include <cmath>
#include <cstddef>
#include <span>
#include <vector>

#include "tests/support/mdp_test_problem.hpp"

namespace banditsim::testing {

inline std::vector<double> to_vector(std::span<const double> values) {
  return {values.begin(), values.end()};
}

/// For an agent already reset on `test` (an `iterations` problem) and brought to some
/// state (w, and v for two-timescale agents): one expected_update() from that state
/// changes `read(agent)` by the probability-weighted average of the changes one
/// observe() of each transition of the exact dataset makes from the same state.
template <class Agent, class Read>
void check_expected_update_is_mean_of_sample_updates(const Agent& agent, const MdpTestProblem& test,
                                                     Read read, double tolerance = 1e-12) {
  const std::vector<double> before = to_vector(read(agent));
  std::vector<double> mean_change(before.size(), 0.0);
  double total = 0.0;
  for (const auto& [transition, probability] : test.support()) {
    Agent copy = agent;
    copy.observe(transition);
    const std::vector<double> after = to_vector(read(copy));
    for (std::size_t i = 0; i < before.size(); ++i)
      mean_change[i] += probability * (after[i] - before[i]);
    total += probability;
  }
  REQUIRE(total == doctest::Approx(1.0).epsilon(1e-12));
  Agent expected = agent;
  expected.expected_update();
  const std::vector<double> after = to_vector(read(expected));
  for (std::size_t i = 0; i < before.size(); ++i) {
    CAPTURE(i);
    CHECK(std::abs((after[i] - before[i]) - mean_change[i]) <= tolerance);
  }
}

}  // namespace banditsim::testing

namespace banditsim::testing {

/// A continuing 3-state, 2-action MDP (pair_feature_mdp's dynamics) with state or pair
/// features and the behaviour chain's stationary distribution as mu, so that a
/// trajectory at stationarity has the expected update of the agents' matrix formulas.
inline MdpTestSpec stationary_trace_mdp(mdp::FeatureKind kind) {
  MdpTestSpec spec = pair_feature_mdp();
  spec.target = {0.1, 0.9, 0.8, 0.2, 0.65, 0.35};
  spec.kind = kind;
  if (kind == mdp::FeatureKind::kState) {
    spec.dim = 2;
    spec.features = {1.0, 0.5, 0.3, 1.0, -0.4, 0.8};
  }
  // Stationary distribution of K(s, s') = sum_a b(a|s) P(s'|s,a), by power iteration.
  std::vector<double> d(3, 1.0 / 3.0);
  for (int k = 0; k < 5000; ++k) {
    std::vector<double> next(3, 0.0);
    for (std::size_t s = 0; s < 3; ++s)
      for (std::size_t a = 0; a < 2; ++a)
        for (std::size_t n = 0; n < 3; ++n)
          next[n] += d[s] * spec.behaviour[s * 2 + a] * spec.transitions[(s * 2 + a) * 3 + n];
    d = next;
  }
  spec.state_distribution = d;
  return spec;
}

/// E[delta_t e_t] along a stationary behaviour trajectory (no restarts) for weights w,
/// from the sample-level recursions, by dynamic programming over the state the trace
/// enters: u(s) = E[e_{t-1}; S_t = s], g(s) = E[rho_{t-1} F_{t-1}; S_t = s] (emphatic).
///   td_lambda, states: e = rho (gamma lambda e + x);  pairs: e = gamma lambda rho e + phi
///   etd: F = rho_prev gamma F_prev + i, M = lambda i + (1 - lambda) F, e = rho (gamma lambda e + M
///   x)
/// The expected updates of td_lambda and etd must equal these (divided by alpha).
inline arma::vec stationary_trace_update(const MdpTestProblem& test, const arma::vec& w,
                                         double lambda, bool emphatic, double interest = 1.0) {
  const MdpTestSpec& m = test.mdp();
  const std::size_t S = m.states, A = m.actions, d = m.dim;
  const double gamma = m.gamma;
  const auto& mu = m.state_distribution;
  const bool state_kind = m.kind == mdp::FeatureKind::kState;
  arma::mat u(d, S, arma::fill::zeros);
  arma::vec g(S, arma::fill::zeros);
  auto trace_at = [&](std::size_t s, std::size_t a) {  // E[e_t; S_t = s, A_t = a] / b(a|s)
    const double ratio = m.target[s * A + a] / m.behaviour[s * A + a];
    const arma::vec x = arma::vec(test.problem().feature_row(state_kind ? s : s * A + a).data(), d);
    if (emphatic) {
      const double emphasis =
          lambda * interest * mu[s] + (1.0 - lambda) * (gamma * g(s) + interest * mu[s]);
      return arma::vec(ratio * (gamma * lambda * u.col(s) + emphasis * x));
    }
    return state_kind ? arma::vec(ratio * (gamma * lambda * u.col(s) + mu[s] * x))
                      : arma::vec(gamma * lambda * ratio * u.col(s) + mu[s] * x);
  };
  for (int k = 0; k < 4000; ++k) {
    arma::mat u_next(d, S, arma::fill::zeros);
    arma::vec g_next(S, arma::fill::zeros);
    for (std::size_t s = 0; s < S; ++s)
      for (std::size_t a = 0; a < A; ++a) {
        const double ratio = m.target[s * A + a] / m.behaviour[s * A + a];
        const arma::vec e = trace_at(s, a);
        for (std::size_t n = 0; n < S; ++n) {
          const double p = m.behaviour[s * A + a] * m.transitions[(s * A + a) * S + n];
          u_next.col(n) += p * e;
          g_next(n) += p * ratio * (gamma * g(s) + interest * mu[s]);
        }
      }
    u = u_next;
    g = g_next;
  }
  arma::vec mean(d, arma::fill::zeros);
  for (std::size_t s = 0; s < S; ++s)
    for (std::size_t a = 0; a < A; ++a) {
      const arma::vec e = trace_at(s, a);
      const arma::vec x =
          arma::vec(test.problem().feature_row(state_kind ? s : s * A + a).data(), d);
      for (std::size_t n = 0; n < S; ++n) {
        const arma::vec xn(test.problem().next_row(n).data(), d);
        const double delta = m.rewards[s * A + a] + gamma * arma::dot(xn, w) - arma::dot(x, w);
        mean += m.behaviour[s * A + a] * m.transitions[(s * A + a) * S + n] * delta * e;
      }
    }
  return mean;
}

}  // namespace banditsim::testing
