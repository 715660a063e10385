/// @file agents/mdp/online_core.hpp
/// What every online (non-batch) agent of the mdp family shares: the weights, the
/// step-size schedule, the update count and the divergence rule.
///
/// Divergence (concepts.hpp): when an update makes delta or the weights non-finite,
/// status().diverged_at = the number of updates made so far (1-based, counting the
/// failing one) and the agent stops updating. A non-finite delta is caught before it
/// is applied, so the weights keep their last (finite, typically huge) values; weights
/// that overflow in an update keep the non-finite values they got.
#pragma once

#include <cstddef>
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

class OnlineCore {
 public:
  OnlineCore() = default;
  OnlineCore(std::string component, double alpha, const std::string& schedule, double t0,
             std::vector<double> initial_weights)
      : component_(std::move(component)),
        alpha_(alpha),
        schedule_(schedule, t0, component_),
        initial_weights_(std::move(initial_weights)) {
    if (!(alpha > 0.0)) throw ConfigError(component_, "alpha", "must be > 0");
  }

  void check(const EvaluationProblem& problem) const {
    check_initial_weights(initial_weights_, problem.dim, component_);
  }

  void reset(const EvaluationProblem& problem) {
    BANDITSIM_CHECK(problem.data != DataMode::kExpected || problem.chain != nullptr,
                    component_ + ": expected updates need the problem's chain");
    problem_ = problem;
    assign_initial_weights(initial_weights_, problem.dim, w_);
    updates_ = 0;
    status_ = AgentStatus{};
  }

  /// Whether updates have stopped (divergence recorded).
  bool stopped() const { return status_.diverged_at >= 0; }

  /// Starts an update: counts it and returns its 0-based index t (for the schedule).
  std::int64_t begin_update() { return updates_++; }

  /// Records divergence at the current update count.
  void diverge() { status_.diverged_at = updates_; }

  /// For agents that do not check their weights after each update (the TD(0) agents): a
  /// non-finite delta whose cause is weights made non-finite by the previous update. The
  /// current update is not counted and the divergence is dated at the previous one, so the
  /// status is exactly what checking after each update would have recorded.
  void diverge_in_previous_update() {
    --updates_;
    diverge();
  }

  /// Ends an update: records divergence if the weights are no longer finite.
  void end_update() {
    if (!all_finite(w_)) diverge();
  }
  /// Ends an update whose caller already knows whether the weights are finite.
  void end_update(bool weights_finite) {
    if (!weights_finite) diverge();
  }

  void refresh() {
    if (!stopped() && !all_finite(w_)) diverge();
  }

  double step_size(double base, std::int64_t t) const { return schedule_.at(base, t); }
  double alpha(std::int64_t t) const { return schedule_.at(alpha_, t); }

  const std::string& component() const { return component_; }
  const EvaluationProblem& problem() const { return problem_; }
  std::vector<double>& w() { return w_; }
  const std::vector<double>& w() const { return w_; }
  std::span<const double> weights() const { return w_; }
  const AgentStatus& status() const { return status_; }
  std::int64_t updates() const { return updates_; }

 private:
  std::string component_;
  double alpha_ = 0.01;
  StepSchedule schedule_;
  std::vector<double> initial_weights_;
  EvaluationProblem problem_;
  std::vector<double> w_;
  std::int64_t updates_ = 0;
  AgentStatus status_;
};

}  // namespace banditsim::mdp
