/// @file agents/mdp/on_policy_td0.hpp
/// TD(0) without importance ratios: it bootstraps from the behaviour policy's next
/// features (problem.behaviour_next_features) and never reweights, so it evaluates
/// the data's policy b, not pi (spec T4, P6 "evaluates b, not pi"). It equals td0
/// only on-policy (b = pi). A baseline showing what off-policy corrections fix.
///   delta = r + gamma w.x'_b - w.x,   w += alpha_t delta x.
/// Expected update: w += alpha_k (b_b - A_b w), with A_b, b_b from p_behaviour and
/// r_behaviour under the same mu [D].
#pragma once

#include <cmath>
#include <span>
#include <string>
#include <vector>

#include "agents/mdp/online_core.hpp"
#include "agents/mdp/population_matrices.hpp"
#include "sim/core/component.hpp"
#include "sim/core/params.hpp"

namespace banditsim::mdp {

class OnPolicyTd0 {
 public:
  static constexpr bool kBatch = false;

  struct Config {
    double alpha = 0.01;
    std::string schedule = "constant";
    double t0 = 1000.0;
    std::vector<double> initial_weights{};
    static Config from(const ParamMap& params) {
      return {params.real("alpha"), params.string("schedule"), params.real("t0"),
              params.real_list("initial_weights")};
    }
  };

  static ComponentInfo info() {
    return {.name = "on_policy_td0",
            .family = "mdp",
            .role = ComponentRole::kAgent,
            .summary =
                "TD(0) without importance ratios: evaluates the behaviour policy "
                "(baseline)",
            .reference = "Sutton & Barto (2018), 2nd ed., 9.3 (semi-gradient TD(0)); spec T4",
            .fidelity = Fidelity::kOurs,
            .notes =
                "Baseline of ours: w += alpha_t delta x with delta = r + gamma w.x'_b - "
                "w.x, x'_b = the behaviour policy's next features (x(s') for state "
                "features, sum_a' b(a'|s') phi(s',a') for pairs), no ratio. It targets "
                "the behaviour policy's value, equal to the target's only on-policy (T4). "
                "Expected update: w += alpha_k (b_b - A_b w) with the behaviour chain's "
                "P and r [D].",
            .params = {alpha_param(0.01), schedule_param(), t0_param(), initial_weights_param()}};
  }

  explicit OnPolicyTd0(const Config& config)
      : core_("on_policy_td0", config.alpha, config.schedule, config.t0, config.initial_weights) {}

  void check(const EvaluationProblem& problem) const { core_.check(problem); }

  void reset(const EvaluationProblem& problem) {
    core_.reset(problem);
    if (problem.data == DataMode::kExpected) {
      matrices_ = population_matrices(*problem.chain, ChainPolicy::kBehaviour);
      scratch_.assign(problem.dim, 0.0);
    }
  }

  void observe(const Transition& t) {
    if (core_.stopped()) return;
    const std::int64_t k = core_.begin_update();
    const EvaluationProblem& problem = core_.problem();
    const std::span<const double> x = problem.feature_row(t.row);
    const std::span<const double> next =
        problem.behaviour_next_features.subspan(t.next_state * problem.dim, problem.dim);
    std::vector<double>& w = core_.w();
    const double delta = t.reward + td_difference(x, next, problem.gamma, w);
    if (!std::isfinite(delta)) {
      // Weights that overflowed in the previous update make delta non-finite here: date the
      // divergence there (the weights are not checked after each update, for speed).
      if (all_finite(w))
        core_.diverge();
      else
        core_.diverge_in_previous_update();
      return;
    }
    add_scaled_unchecked(core_.alpha(k) * delta, x, w);
  }

  void expected_update() {
    if (core_.stopped()) return;
    const double alpha = core_.alpha(core_.begin_update());
    std::vector<double>& w = core_.w();
    multiply(matrices_.a, w, scratch_);
    for (std::size_t i = 0; i < w.size(); ++i) w[i] += alpha * (matrices_.b[i] - scratch_[i]);
    core_.end_update();
  }

  void refresh() { core_.refresh(); }
  std::span<const double> weights() const { return core_.weights(); }
  const AgentStatus& status() const { return core_.status(); }

 private:
  OnlineCore core_;
  PopulationMatrices matrices_;
  std::vector<double> scratch_;
};

}  // namespace banditsim::mdp
