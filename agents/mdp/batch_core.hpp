/// @file agents/mdp/batch_core.hpp
/// What the batch estimators of the mdp family (LSTD, FQE, the minimax estimators)
/// share: the initial weights, the count of transitions (or expected updates), the
/// singular-solve count and the divergence rule. A batch agent's weights change only
/// in refresh(); before its first data they are the initial weights (no solve, no
/// singular count). If a solve gives non-finite weights, diverged_at = the number of
/// updates so far and later refreshes do nothing.
#pragma once

#include <armadillo>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "agents/mdp/linear_algebra.hpp"
#include "agents/mdp/step_schedule.hpp"
#include "sim/core/check.hpp"
#include "sim/families/mdp/concepts.hpp"
#include "sim/families/mdp/problem.hpp"

namespace banditsim::mdp {

class BatchCore {
 public:
  BatchCore() = default;
  BatchCore(std::string component, std::vector<double> initial_weights)
      : component_(std::move(component)), initial_weights_(std::move(initial_weights)) {}

  void check(const EvaluationProblem& problem) const {
    check_initial_weights(initial_weights_, problem.dim, component_);
  }

  void reset(const EvaluationProblem& problem) {
    BANDITSIM_CHECK(problem.data != DataMode::kExpected || problem.chain != nullptr,
                    component_ + ": expected updates need the problem's chain");
    problem_ = problem;
    std::vector<double> w0;
    assign_initial_weights(initial_weights_, problem.dim, w0);
    w_ = arma::vec(w0);
    updates_ = 0;
    status_ = AgentStatus{};
  }

  void count_update() { ++updates_; }
  void count_singular() { ++status_.singular_solves; }
  bool stopped() const { return status_.diverged_at >= 0; }
  /// Whether refresh() has something to solve: data seen, or expected (population) mode.
  bool has_data() const { return updates_ > 0 || problem_.data == DataMode::kExpected; }
  /// Records divergence if w is not finite; returns true if it is.
  bool check_finite() {
    if (w_.is_finite()) return true;
    status_.diverged_at = updates_;
    return false;
  }

  const std::string& component() const { return component_; }
  const std::vector<double>& initial_weights() const { return initial_weights_; }
  const EvaluationProblem& problem() const { return problem_; }
  arma::vec& w() { return w_; }
  std::span<const double> weights() const { return {w_.memptr(), w_.n_elem}; }
  const AgentStatus& status() const { return status_; }
  std::int64_t updates() const { return updates_; }

 private:
  std::string component_;
  std::vector<double> initial_weights_;
  EvaluationProblem problem_;
  arma::vec w_;
  std::int64_t updates_ = 0;
  AgentStatus status_;
};

}  // namespace banditsim::mdp
