/// @file tests/support/causal_test_sem.hpp
/// A small copy of the authors' instance generator (spec A.3, `utils.System`) and
/// a SEM sampler for the causal agents' tests, so an agent's tests do not depend on
/// the environment (envs/causal/linear_sem, tested on its own). Not the shipped
/// environment: its draws differ (same distribution).
///
///   B, B' = strict upper triangles of Bernoulli(1/2) x Uniform{-1,+1} x U(0.5, 2),
///   redrawn until every non-root node n >= 1 has B[:, n] != B'[:, n];
///   X = B_a^T X + eps, eps ~ N(nu, diag(var)), by forward recursion in index order.
#pragma once

#include <armadillo>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "sim/core/distributions.hpp"
#include "sim/core/rng.hpp"
#include "sim/families/causal/problem.hpp"
#include "sim/families/causal/sem_model.hpp"

namespace banditsim::testing {

/// Strict upper triangle of Bernoulli(1/2) * random sign * U(0.5, 2) (spec A.3).
inline arma::mat random_upper_weights(std::size_t nodes, Rng& rng) {
  arma::mat w(nodes, nodes, arma::fill::zeros);
  for (std::size_t p = 0; p < nodes; ++p)
    for (std::size_t n = p + 1; n < nodes; ++n) {
      const bool edge = uniform01(rng) < 0.5;
      const double sign = uniform01(rng) < 0.5 ? -1.0 : 1.0;
      const double magnitude = 0.5 + 1.5 * uniform01(rng);
      if (edge) w(p, n) = sign * magnitude;
    }
  return w;
}

/// The generator of spec A.3 with its acceptance rule.
inline causal::SemWeights random_system(std::size_t nodes, Rng& rng) {
  for (;;) {
    causal::SemWeights w{random_upper_weights(nodes, rng), random_upper_weights(nodes, rng)};
    bool accepted = true;
    for (std::size_t n = 1; n < nodes && accepted; ++n)
      accepted = arma::any(w.observational.col(n) != w.interventional.col(n));
    if (accepted) return w;
  }
}

/// A causal problem and the storage its spans point to.
struct TestProblem {
  std::size_t nodes = 0;
  std::vector<std::uint64_t> actions;
  std::vector<double> noise_mean, noise_variance;
  std::int64_t horizon = 0;
  bool stationary = true;

  causal::CausalProblem problem() const {
    return {.nodes = nodes,
            .actions = actions,
            .noise_mean = noise_mean,
            .noise_variance = noise_variance,
            .horizon = horizon,
            .stationary = stationary};
  }
};

/// All 2^N actions, nu = 1, Sigma = I (spec A.6.1).
inline TestProblem standard_problem(std::size_t nodes, std::int64_t horizon) {
  TestProblem p{.nodes = nodes, .horizon = horizon};
  for (std::uint64_t k = 0; k < (std::uint64_t{1} << nodes); ++k) p.actions.push_back(k);
  p.noise_mean.assign(nodes, 1.0);
  p.noise_variance.assign(nodes, 1.0);
  return p;
}

/// One draw of X under action code `code` (weights upper triangular, so index
/// order is topological).
inline void sample_sem(const causal::SemWeights& w, std::uint64_t code,
                       std::span<const double> noise_mean, std::span<const double> noise_variance,
                       Rng& rng, std::span<double> x) {
  const std::size_t nodes = w.nodes();
  for (std::size_t n = 0; n < nodes; ++n) {
    const arma::mat& b = w.of_mode(causal::mode_of(code, nodes, n));
    double v = noise_mean[n] + std::sqrt(noise_variance[n]) * standard_normal(rng);
    for (std::size_t p = 0; p < n; ++p) v += b(p, n) * x[p];
    x[n] = v;
  }
}

/// Exact expected rewards of every action of `problem` under `w`.
inline std::vector<double> exact_rewards(const causal::SemWeights& w, const TestProblem& problem) {
  std::vector<std::size_t> order(problem.nodes);
  for (std::size_t n = 0; n < problem.nodes; ++n) order[n] = n;
  std::vector<double> rewards(problem.actions.size());
  causal::expected_rewards(w, problem.actions, order, problem.noise_mean, rewards);
  return rewards;
}

/// What one run of an agent on a fixed instance gives.
struct RunSummary {
  double pseudo_regret = 0.0;        ///< sum_t (best - E[reward of a_t]).
  double last_window_optimal = 0.0;  ///< Fraction of optimal actions in the last `window` steps.
  std::vector<std::size_t> actions;  ///< The action sequence.
};

/// Runs `agent` for T = problem.horizon steps (select, sample, observe), the
/// agent's stream seeded with `agent_seed`, the noise with `noise_seed`.
/// Optimal: within 0.01 of the best expected reward (spec A.3, is_opt).
template <class Agent>
RunSummary run_on_instance(Agent& agent, const causal::SemWeights& w, const TestProblem& problem,
                           std::uint64_t agent_seed, std::uint64_t noise_seed,
                           std::int64_t window = 100) {
  const std::vector<double> rewards = exact_rewards(w, problem);
  double best = rewards[0];
  for (const double r : rewards) best = std::max(best, r);
  agent.reset(problem.problem());
  Rng agent_rng(agent_seed), noise_rng(noise_seed);
  std::vector<double> x(problem.nodes);
  RunSummary summary;
  std::int64_t optimal = 0;
  for (std::int64_t t = 0; t < problem.horizon; ++t) {
    const std::size_t k = agent.select(agent_rng);
    sample_sem(w, problem.actions[k], problem.noise_mean, problem.noise_variance, noise_rng, x);
    agent.observe(k, x);
    summary.pseudo_regret += best - rewards[k];
    if (t >= problem.horizon - window && std::fabs(best - rewards[k]) < 0.01) ++optimal;
    summary.actions.push_back(k);
  }
  summary.last_window_optimal = static_cast<double>(optimal) / static_cast<double>(window);
  return summary;
}

/// A linear SEM with the storage a CausalProblem points to, including the true
/// parent sets the oracle-topology baselines are given (spec P-A17).
struct TestSem {
  std::size_t nodes;
  causal::SemWeights weights;
  std::vector<std::uint64_t> actions;  ///< All 2^N codes.
  std::vector<double> nu, variance;
  std::array<std::vector<unsigned char>, 2> parents;
  std::vector<std::size_t> order;

  TestSem(const arma::mat& b, const arma::mat& b_int, double noise_mean = 1.0,
          double noise_variance = 1.0)
      : nodes(b.n_rows), weights{b, b_int} {
    for (std::uint64_t k = 0; k < (std::uint64_t{1} << nodes); ++k) actions.push_back(k);
    nu.assign(nodes, noise_mean);
    variance.assign(nodes, noise_variance);
    parents[0] = causal::parent_indicators(b);
    parents[1] = causal::parent_indicators(b_int);
    order = *causal::topological_order(b, b_int);
  }
  causal::CausalProblem problem(bool stationary = true, std::int64_t horizon = 1000) const {
    causal::CausalProblem p;
    p.nodes = nodes;
    p.actions = actions;
    p.noise_mean = nu;
    p.noise_variance = variance;
    p.horizon = horizon;
    p.stationary = stationary;
    p.true_parents = {std::span<const unsigned char>(parents[0]),
                      std::span<const unsigned char>(parents[1])};
    return p;
  }
  /// One draw of X under action index `action`.
  void sample(std::size_t action, Rng& rng, std::vector<double>& x) const {
    sample_sem(weights, actions[action], nu, variance, rng, x);
  }
  /// Exact expected reward of every action.
  std::vector<double> rewards() const {
    std::vector<double> r(actions.size());
    causal::expected_rewards(weights, actions, order, nu, r);
    return r;
  }
};

/// A TestSem from the authors' generator (random_system).
inline TestSem random_sem(std::size_t nodes, Rng& rng) {
  const causal::SemWeights w = random_system(nodes, rng);
  return TestSem(w.observational, w.interventional);
}

}  // namespace banditsim::testing
