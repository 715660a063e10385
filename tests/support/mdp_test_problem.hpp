/// @file tests/support/mdp_test_problem.hpp
/// Small hand-built policy-evaluation problems for the mdp agents' tests: an MDP
/// given entry by entry, its EvaluationChain built here by hand (the family's
/// build_chain is not used, so the agents are checked against an independent
/// construction), the exact dataset (every transition (s, a, s') with its
/// probability mu(s) b(a|s) P(s'|s,a), spec T2), and the population Sigma, A, b, Sx
/// computed from that dataset (not from the chain), with w_td = A^-1 b (pinv if singular).
/// Also the checks the agents' tests share: the expected update against the
/// probability-weighted mean of the sample updates, and the stationary-trajectory mean
/// of the trace agents' updates.
#pragma once

#include <doctest/doctest.h>

#include <armadillo>
#include <cmath>
#include <cstddef>
#include <span>
#include <vector>

#include "sim/core/distributions.hpp"
#include "sim/core/rng.hpp"
#include "sim/families/mdp/evaluation_chain.hpp"
#include "sim/families/mdp/exact_solution.hpp"
#include "sim/families/mdp/mdp_model.hpp"
#include "sim/families/mdp/problem.hpp"

namespace banditsim::testing {

struct MdpTestSpec {
  std::size_t states = 0;
  std::size_t actions = 0;
  std::vector<double> transitions;  ///< P(s'|s,a) at [(s * A + a) * S + s'].
  std::vector<double> rewards;      ///< r(s, a) at [s * A + a].
  std::vector<double> behaviour;    ///< b(a|s) at [s * A + a].
  std::vector<double> target;       ///< pi(a|s) at [s * A + a].
  std::vector<unsigned char> terminal;
  mdp::FeatureKind kind = mdp::FeatureKind::kState;
  std::size_t dim = 0;
  std::vector<double> features;            ///< S or S*A rows of d (terminal rows zero).
  std::vector<double> state_distribution;  ///< mu over states (zero on terminal states).
  double gamma = 0.9;

  std::size_t rows() const { return kind == mdp::FeatureKind::kState ? states : states * actions; }
};

/// 4 states (state 3 terminal), 2 actions, d = 2 state features, gamma = 0.9; the
/// target differs from the behaviour everywhere.
inline MdpTestSpec state_feature_mdp() {
  MdpTestSpec m;
  m.states = 4;
  m.actions = 2;
  m.transitions = {0.5, 0.5, 0.0, 0.0, 0.0, 0.2, 0.8, 0.0,   // s0: a0, a1
                   0.1, 0.3, 0.6, 0.0, 0.4, 0.0, 0.3, 0.3,   // s1
                   0.0, 0.0, 0.5, 0.5, 0.7, 0.3, 0.0, 0.0,   // s2
                   0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0};  // s3 (terminal, ignored)
  m.rewards = {1.0, -0.5, 0.2, 2.0, -1.0, 0.5, 0.0, 0.0};
  m.behaviour = {0.6, 0.4, 0.5, 0.5, 0.3, 0.7, 0.5, 0.5};
  m.target = {0.2, 0.8, 0.9, 0.1, 0.5, 0.5, 0.5, 0.5};
  m.terminal = {0, 0, 0, 1};
  m.kind = mdp::FeatureKind::kState;
  m.dim = 2;
  m.features = {1.0, 0.5, 0.3, 1.0, -0.4, 0.8, 0.0, 0.0};
  m.state_distribution = {0.5, 0.3, 0.2, 0.0};
  m.gamma = 0.9;
  return m;
}

/// 3 states, 2 actions, no terminal state, d = 3 pair features, gamma = 0.8.
inline MdpTestSpec pair_feature_mdp() {
  MdpTestSpec m;
  m.states = 3;
  m.actions = 2;
  m.transitions = {0.6, 0.4, 0.0, 0.1, 0.1, 0.8,   // s0: a0, a1
                   0.3, 0.3, 0.4, 0.0, 1.0, 0.0,   // s1
                   0.5, 0.0, 0.5, 0.2, 0.6, 0.2};  // s2
  m.rewards = {0.5, -1.0, 1.5, 0.0, -0.3, 0.8};
  m.behaviour = {0.5, 0.5, 0.7, 0.3, 0.4, 0.6};
  m.target = {0.1, 0.9, 0.8, 0.2, 1.0, 0.0};
  m.terminal = {0, 0, 0};
  m.kind = mdp::FeatureKind::kStateAction;
  m.dim = 3;
  m.features = {1.0, 0.0,  0.5, 0.2,  1.0, -0.3,  // (s0, a0), (s0, a1)
                0.7, 0.4,  0.0, -0.5, 0.6, 1.0,   // (s1, .)
                0.0, -0.8, 0.9, 0.3,  0.3, 0.3};  // (s2, .)
  m.state_distribution = {0.3, 0.45, 0.25};
  m.gamma = 0.8;
  return m;
}

/// Baird's counterexample, Sutton & Barto 2nd ed. (spec 6.1): 7 states, actions
/// dashed (0: uniform over s_1..s_6) and solid (1: to s_7), reward 0, gamma = 0.99,
/// b = (6/7, 1/7), pi = solid; x(s_i) = 2 e_i + e_8 (i = 1..6), x(s_7) = e_7 + 2 e_8;
/// mu uniform (1/7 each).
inline MdpTestSpec baird_mdp() {
  MdpTestSpec m;
  m.states = 7;
  m.actions = 2;
  m.transitions.assign(7 * 2 * 7, 0.0);
  for (std::size_t s = 0; s < 7; ++s) {
    for (std::size_t next = 0; next < 6; ++next) m.transitions[(s * 2 + 0) * 7 + next] = 1.0 / 6.0;
    m.transitions[(s * 2 + 1) * 7 + 6] = 1.0;
  }
  m.rewards.assign(14, 0.0);
  m.behaviour.assign(14, 1.0 / 7.0);
  m.target.assign(14, 1.0);
  for (std::size_t s = 0; s < 7; ++s) {  // dashed: b = 6/7, pi = 0; solid: b = 1/7, pi = 1
    m.behaviour[s * 2] = 6.0 / 7.0;
    m.target[s * 2] = 0.0;
  }
  m.terminal.assign(7, 0);
  m.kind = mdp::FeatureKind::kState;
  m.dim = 8;
  m.features.assign(7 * 8, 0.0);
  for (std::size_t i = 0; i < 6; ++i) {
    m.features[i * 8 + i] = 2.0;
    m.features[i * 8 + 7] = 1.0;
  }
  m.features[6 * 8 + 6] = 1.0;
  m.features[6 * 8 + 7] = 2.0;
  m.state_distribution.assign(7, 1.0 / 7.0);
  m.gamma = 0.99;
  return m;
}

/// Spec 6.1's standard initial weights for Baird.
/// The w-2w fragment (spec 6.2) as a one-action MDP: features 1 and 2, s0 -> s1, r = 0,
/// gamma = 0.99. Replaying the transition s0 -> s1 with alpha = 1 from w = 1 multiplies w by
/// 1 + alpha (2 gamma - 1) = 1.98 per update, so the weights overflow after about 1040.
inline MdpTestSpec w2w_fragment_mdp() {
  MdpTestSpec mdp;
  mdp.states = 2;
  mdp.actions = 1;
  mdp.transitions = {0.0, 1.0, 0.0, 1.0};
  mdp.rewards = {0.0, 0.0};
  mdp.behaviour = {1.0, 1.0};
  mdp.target = {1.0, 1.0};
  mdp.terminal = {0, 0};
  mdp.dim = 1;
  mdp.features = {1.0, 2.0};
  mdp.state_distribution = {1.0, 0.0};
  mdp.gamma = 0.99;
  return mdp;
}

/// The first failing update (1-based) of TD(0) replaying s0 -> s1 on w2w_fragment_mdp() with
/// alpha = rho = 1 from w = 1, by the agents' arithmetic in the same order: delta = r +
/// gamma (x'.w) - x.w, caught if non-finite, else w += alpha rho delta x. -1 if none within
/// `updates`.
inline std::int64_t w2w_first_failing_update(std::int64_t updates) {
  double replay = 1.0;
  for (std::int64_t n = 1; n <= updates; ++n) {
    const double delta = 0.0 + 0.99 * (0.0 + 2.0 * replay) - (0.0 + 1.0 * replay);
    if (!std::isfinite(delta)) return n;
    replay += (1.0 * 1.0 * delta) * 1.0;
    if (!std::isfinite(replay)) return n;
  }
  return -1;
}

inline std::vector<double> baird_initial_weights() { return {1, 1, 1, 1, 1, 1, 10, 1}; }

/// Spec 6.4's incompleteness dial, realizable by construction: 3 states, one action,
/// gamma = 0.9, x(s) = (1, s), P_theta as in 6.4, r_theta = (-0.35, 0.2 + 0.9 theta, 0.75)
/// so that v = (1, 2, 3) and w* = (1, 1); mu(t) = (t, (1 - t) / 2, (1 - t) / 2).
inline MdpTestSpec dial_mdp(double theta, double t) {
  MdpTestSpec m;
  m.states = 3;
  m.actions = 1;
  m.transitions = {
      0.5, 0.5, 0.0, 0.25 * (1.0 - theta) + theta, 0.5 * (1.0 - theta), 0.25 * (1.0 - theta),
      0.0, 0.5, 0.5};
  m.rewards = {-0.35, 0.2 + 0.9 * theta, 0.75};
  m.behaviour = {1.0, 1.0, 1.0};
  m.target = {1.0, 1.0, 1.0};
  m.terminal = {0, 0, 0};
  m.kind = mdp::FeatureKind::kState;
  m.dim = 2;
  m.features = {1.0, 0.0, 1.0, 1.0, 1.0, 2.0};
  m.state_distribution = {t, 0.5 * (1.0 - t), 0.5 * (1.0 - t)};
  m.gamma = 0.9;
  return m;
}

/// One transition of the exact dataset and its probability mu(s) b(a|s) P(s'|s,a).
struct MdpWeightedTransition {
  mdp::Transition transition;
  double probability = 0.0;
};

/// A MdpTestSpec as an agent sees it. Not copyable: `problem()` points into it.
class MdpTestProblem {
 public:
  explicit MdpTestProblem(const MdpTestSpec& mdp, mdp::DataMode data = mdp::DataMode::kSamples,
                          std::int64_t horizon = 1000)
      : mdp_(mdp) {
    build_chain_by_hand(data);
    build_next_features();
    build_support();
    build_exact();
    problem_.kind = mdp.kind;
    problem_.data = data;
    problem_.dim = mdp.dim;
    problem_.states = mdp.states;
    problem_.actions = mdp.actions;
    problem_.gamma = mdp.gamma;
    problem_.horizon = horizon;
    problem_.features = mdp_.features;
    problem_.next_features = next_features_;
    problem_.behaviour_next_features = behaviour_next_features_;
    problem_.chain = &chain_;
    problem_.exact = &exact_;
  }
  MdpTestProblem(const MdpTestProblem&) = delete;
  MdpTestProblem& operator=(const MdpTestProblem&) = delete;

  const mdp::EvaluationProblem& problem() const { return problem_; }
  const mdp::EvaluationChain& chain() const { return chain_; }
  const mdp::ExactSolution& exact() const { return exact_; }
  mdp::ExactSolution& exact() { return exact_; }
  const std::vector<MdpWeightedTransition>& support() const { return support_; }
  const MdpTestSpec& mdp() const { return mdp_; }

  /// The transition (s, a, s') with reward r(s, a).
  mdp::Transition transition(std::size_t s, std::size_t a, std::size_t next) const {
    const std::size_t k = s * mdp_.actions + a;
    mdp::Transition t;
    t.state = s;
    t.action = a;
    t.next_state = next;
    t.row = mdp_.kind == mdp::FeatureKind::kState ? s : k;
    t.reward = mdp_.rewards[k];
    t.ratio = mdp_.target[k] / mdp_.behaviour[k];
    t.update_ratio = mdp_.kind == mdp::FeatureKind::kState ? t.ratio : 1.0;
    t.terminal = mdp_.terminal[next] != 0;
    t.episode_start = true;
    return t;
  }

  /// An i.i.d. transition: s ~ state_distribution, a ~ b(.|s), s' ~ P(.|s,a), reward
  /// r(s,a) + reward_noise_sd * N(0, 1).
  mdp::Transition sample(Rng& rng, double reward_noise_sd = 0.0) const {
    const std::size_t S = mdp_.states, A = mdp_.actions;
    const std::size_t s = draw(mdp_.state_distribution.data(), S, rng);
    const std::size_t a = draw(&mdp_.behaviour[s * A], A, rng);
    const std::size_t next = draw(&mdp_.transitions[(s * A + a) * S], S, rng);
    mdp::Transition t = transition(s, a, next);
    t.reward += reward_noise_sd * standard_normal(rng);
    return t;
  }

 private:
  static std::size_t draw(const double* probabilities, std::size_t n, Rng& rng) {
    const double u = uniform01(rng);
    double cumulative = 0.0;
    for (std::size_t i = 0; i + 1 < n; ++i) {
      cumulative += probabilities[i];
      if (u < cumulative) return i;
    }
    return n - 1;
  }

  double p(std::size_t s, std::size_t a, std::size_t next) const {
    return mdp_.transitions[(s * mdp_.actions + a) * mdp_.states + next];
  }

  void build_chain_by_hand(mdp::DataMode data) {
    const std::size_t S = mdp_.states, A = mdp_.actions, rows = mdp_.rows();
    const bool state_kind = mdp_.kind == mdp::FeatureKind::kState;
    chain_.kind = mdp_.kind;
    chain_.data = data;
    chain_.rows = rows;
    chain_.dim = mdp_.dim;
    chain_.gamma = mdp_.gamma;
    chain_.phi.zeros(rows, mdp_.dim);
    for (std::size_t row = 0; row < rows; ++row)
      for (std::size_t j = 0; j < mdp_.dim; ++j)
        chain_.phi(row, j) = mdp_.features[row * mdp_.dim + j];
    chain_.p_target.zeros(rows, rows);
    chain_.p_behaviour.zeros(rows, rows);
    chain_.r_target.zeros(rows);
    chain_.r_behaviour.zeros(rows);
    chain_.mu.zeros(rows);
    chain_.nu.zeros(rows);
    for (std::size_t s = 0; s < S; ++s) {
      if (mdp_.terminal[s]) continue;
      for (std::size_t a = 0; a < A; ++a) {
        const std::size_t k = s * A + a;
        if (state_kind) {
          chain_.r_target(s) += mdp_.target[k] * mdp_.rewards[k];
          chain_.r_behaviour(s) += mdp_.behaviour[k] * mdp_.rewards[k];
          for (std::size_t next = 0; next < S; ++next) {
            if (mdp_.terminal[next]) continue;
            chain_.p_target(s, next) += mdp_.target[k] * p(s, a, next);
            chain_.p_behaviour(s, next) += mdp_.behaviour[k] * p(s, a, next);
          }
        } else {
          chain_.r_target(k) = mdp_.rewards[k];
          chain_.r_behaviour(k) = mdp_.rewards[k];
          chain_.mu(k) = mdp_.state_distribution[s] * mdp_.behaviour[k];
          chain_.nu(k) = mdp_.state_distribution[s] * mdp_.target[k];
          for (std::size_t next = 0; next < S; ++next) {
            if (mdp_.terminal[next]) continue;
            for (std::size_t b = 0; b < A; ++b) {
              chain_.p_target(k, next * A + b) = p(s, a, next) * mdp_.target[next * A + b];
              chain_.p_behaviour(k, next * A + b) = p(s, a, next) * mdp_.behaviour[next * A + b];
            }
          }
        }
      }
      if (state_kind) {
        chain_.mu(s) = mdp_.state_distribution[s];
        chain_.nu(s) = mdp_.state_distribution[s];
      }
    }
    chain_.state_distribution = arma::vec(mdp_.state_distribution);
    chain_.behaviour_stationary = arma::vec(mdp_.state_distribution);
  }

  void build_next_features() {
    const std::size_t S = mdp_.states, A = mdp_.actions, d = mdp_.dim;
    next_features_.assign(S * d, 0.0);
    behaviour_next_features_.assign(S * d, 0.0);
    for (std::size_t s = 0; s < S; ++s) {
      if (mdp_.terminal[s]) continue;
      for (std::size_t j = 0; j < d; ++j) {
        if (mdp_.kind == mdp::FeatureKind::kState) {
          next_features_[s * d + j] = mdp_.features[s * d + j];
          behaviour_next_features_[s * d + j] = mdp_.features[s * d + j];
        } else {
          for (std::size_t a = 0; a < A; ++a) {
            next_features_[s * d + j] +=
                mdp_.target[s * A + a] * mdp_.features[(s * A + a) * d + j];
            behaviour_next_features_[s * d + j] +=
                mdp_.behaviour[s * A + a] * mdp_.features[(s * A + a) * d + j];
          }
        }
      }
    }
  }

  void build_support() {
    for (std::size_t s = 0; s < mdp_.states; ++s)
      for (std::size_t a = 0; a < mdp_.actions; ++a)
        for (std::size_t next = 0; next < mdp_.states; ++next) {
          const double probability =
              mdp_.state_distribution[s] * mdp_.behaviour[s * mdp_.actions + a] * p(s, a, next);
          if (probability > 0.0 && !mdp_.terminal[s])
            support_.push_back({transition(s, a, next), probability});
        }
  }

  /// Population matrices as expectations over the exact dataset (spec T2, 3.3).
  void build_exact() {
    const std::size_t d = mdp_.dim;
    exact_.sigma.zeros(d, d);
    exact_.sx.zeros(d, d);
    exact_.b.zeros(d);
    for (const auto& [t, probability] : support_) {
      const arma::vec x(&mdp_.features[t.row * d], d);
      const arma::vec next(&next_features_[t.next_state * d], d);
      const double weight = probability * t.update_ratio;
      exact_.sigma += weight * x * x.t();
      exact_.sx += weight * x * next.t();
      exact_.b += weight * t.reward * x;
    }
    exact_.a = exact_.sigma - mdp_.gamma * exact_.sx;
    exact_.a_singular = arma::rcond(exact_.a) < mdp::kSingularRcond;
    exact_.w_td = exact_.a_singular ? arma::vec(arma::pinv(exact_.a) * exact_.b)
                                    : arma::vec(arma::solve(exact_.a, exact_.b));
    exact_.sigma_pinv = arma::pinv(exact_.sigma);
  }

  MdpTestSpec mdp_;
  mdp::EvaluationChain chain_;
  mdp::ExactSolution exact_;
  std::vector<double> next_features_;
  std::vector<double> behaviour_next_features_;
  std::vector<MdpWeightedTransition> support_;
  mdp::EvaluationProblem problem_;
};

}  // namespace banditsim::testing

// --- Checks shared by the agents' tests -------------------------------------------

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
