/// @file sim/families/mdp/evaluation_chain.cpp
/// The matrix form of an MdpModel (evaluation_chain.hpp) and the behaviour chain's
/// stationary distribution rho_b (spec 2.1, 6.4 "rho_b", P10).
#include "sim/families/mdp/evaluation_chain.hpp"

#include <cstddef>
#include <optional>
#include <string>

#include "sim/core/check.hpp"

namespace banditsim::mdp {
namespace {

/// The behaviour chain with restarts, K(s, s') = sum_a b(a|s) P(s'|s,a), where the
/// mass entering a terminal state goes to `start` instead (the trajectory restarts).
/// Terminal states' own rows are the start distribution; nothing enters them, so
/// they carry no stationary mass.
arma::mat restart_chain(const MdpModel& model) {
  const std::size_t S = model.states;
  arma::mat chain(S, S, arma::fill::zeros);
  for (std::size_t s = 0; s < S; ++s) {
    if (model.terminal[s] != 0) {
      for (std::size_t next = 0; next < S; ++next) chain(s, next) = model.start[next];
      continue;
    }
    for (std::size_t a = 0; a < model.actions; ++a) {
      const double b = model.behaviour[s * model.actions + a];
      for (std::size_t next = 0; next < S; ++next) {
        const double mass = b * model.p(s, a, next);
        if (model.terminal[next] != 0) {
          for (std::size_t restart = 0; restart < S; ++restart)
            chain(s, restart) += mass * model.start[restart];
        } else {
          chain(s, next) += mass;
        }
      }
    }
  }
  return chain;
}

/// rho_b, or nothing if the chain has more than one recurrent class: the
/// eigenvalue 1 of a stochastic matrix has multiplicity = the number of recurrent
/// classes, so rank(I - K) = S - 1 exactly when rho_b is unique.
std::optional<arma::vec> unique_stationary(const MdpModel& model) {
  const std::size_t S = model.states;
  const arma::mat chain = restart_chain(model);
  const arma::mat generator = arma::eye(S, S) - chain.t();  // rho' (I - K) = 0
  if (arma::rank(generator, 1e-10) + 1 != S) return std::nullopt;
  arma::mat system(S + 1, S);
  system.rows(0, S - 1) = generator;
  system.row(S).ones();
  arma::vec rhs(S + 1, arma::fill::zeros);
  rhs(S) = 1.0;
  arma::vec rho = arma::solve(system, rhs);  // consistent, full column rank: least squares is exact
  rho.clamp(0.0, 1.0);                       // round-off only
  rho /= arma::accu(rho);
  return rho;
}

[[noreturn]] void throw_not_unique(const std::string& component) {
  throw ConfigError(component, "behaviour",
                    "the behaviour chain (with restarts from start after terminal states) has "
                    "more than one recurrent class, so its stationary distribution rho_b is "
                    "not unique; give `sampling` for i.i.d. data, or change the behaviour "
                    "policy or the transitions (trajectory data always needs rho_b)");
}

}  // namespace

const char* step_axis_name(DataMode mode) {
  switch (mode) {
    case DataMode::kTrajectory:
      return "steps";
    case DataMode::kSamples:
      return "samples";
    case DataMode::kExpected:
      return "iterations";
  }
  return "steps";
}

arma::vec behaviour_stationary_distribution(const MdpModel& model, const std::string& component) {
  std::optional<arma::vec> rho = unique_stationary(model);
  if (rho) return *rho;
  if (!model.sampling.empty()) return {};  // not needed for i.i.d. data from `sampling`
  throw_not_unique(component);
}

EvaluationChain build_chain(const MdpModel& model, DataMode mode, const std::string& component) {
  const std::size_t S = model.states;
  const std::size_t A = model.actions;
  const bool pairs = model.feature_kind == FeatureKind::kStateAction;
  const bool needs_rho_b = mode == DataMode::kTrajectory || model.sampling.empty();

  EvaluationChain chain;
  chain.kind = model.feature_kind;
  chain.data = mode;
  chain.rows = model.feature_rows();
  chain.dim = model.dim;
  chain.gamma = model.gamma;

  std::optional<arma::vec> rho_b = unique_stationary(model);
  if (!rho_b && needs_rho_b) throw_not_unique(component);
  if (rho_b) chain.behaviour_stationary = *rho_b;
  if (mode != DataMode::kTrajectory && !model.sampling.empty())
    chain.state_distribution = arma::vec(model.sampling);
  else
    chain.state_distribution = *rho_b;

  const std::size_t rows = chain.rows;
  auto row_state = [&](std::size_t row) { return pairs ? row / A : row; };
  chain.phi.zeros(rows, model.dim);
  for (std::size_t row = 0; row < rows; ++row)
    if (model.terminal[row_state(row)] == 0)
      for (std::size_t j = 0; j < model.dim; ++j) chain.phi(row, j) = model.feature_row(row)[j];

  // P and r under a policy, over rows (file comment of evaluation_chain.hpp).
  auto build = [&](const std::vector<double>& policy, arma::mat& p, arma::vec& r) {
    p.zeros(rows, rows);
    r.zeros(rows);
    for (std::size_t s = 0; s < S; ++s) {
      if (model.terminal[s] != 0) continue;
      for (std::size_t a = 0; a < A; ++a) {
        const std::size_t k = s * A + a;
        if (pairs) {
          r(k) = model.rewards[k];
          for (std::size_t next = 0; next < S; ++next) {
            if (model.terminal[next] != 0) continue;
            for (std::size_t a2 = 0; a2 < A; ++a2)
              p(k, next * A + a2) = model.p(s, a, next) * policy[next * A + a2];
          }
        } else {
          r(s) += policy[k] * model.rewards[k];
          for (std::size_t next = 0; next < S; ++next)
            if (model.terminal[next] == 0) p(s, next) += policy[k] * model.p(s, a, next);
        }
      }
    }
  };
  build(model.target, chain.p_target, chain.r_target);
  build(model.behaviour, chain.p_behaviour, chain.r_behaviour);

  // mu over rows: the data's state distribution (x b for pairs); nu: start (x pi for pairs).
  chain.mu.zeros(rows);
  chain.nu.zeros(rows);
  for (std::size_t s = 0; s < S; ++s) {
    if (!pairs) {
      chain.mu(s) = chain.state_distribution(s);
      chain.nu(s) = model.start[s];
      continue;
    }
    if (model.terminal[s] != 0) continue;
    for (std::size_t a = 0; a < A; ++a) {
      chain.mu(s * A + a) = chain.state_distribution(s) * model.behaviour[s * A + a];
      chain.nu(s * A + a) = model.start[s] * model.target[s * A + a];
    }
  }
  return chain;
}

}  // namespace banditsim::mdp
