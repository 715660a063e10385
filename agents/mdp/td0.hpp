/// @file agents/mdp/td0.hpp
/// Off-policy semi-gradient TD(0) [S&B 11.2; spec 3.4]:
///   delta = r + gamma w.x' - w.x,   w += alpha_t rho delta x,
/// with rho = t.update_ratio (the importance ratio for state features, the V-version;
/// 1 for pair features, the Q-version with expected next features x' = sum_a'
/// pi(a'|s') phi(s', a'), spec P6). Expected update (axis `iterations`):
///   w += alpha_k (b - A w)   (spec 3.4; A, b under mu, population_matrices.hpp).
/// It may diverge (Baird, spec 6.1; dial t = 0.02, 9.4): that is an outcome (P4).
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

class Td0 {
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
    return {.name = "td0",
            .family = "mdp",
            .role = ComponentRole::kAgent,
            .summary =
                "Off-policy semi-gradient TD(0) with importance ratios (V) or expected "
                "next features (Q)",
            .reference =
                "Sutton & Barto (2018), Reinforcement Learning, 2nd ed., 11.1-11.2 "
                "(spec 3.4)",
            .fidelity = Fidelity::kPaper,
            .notes =
                "[S&B] w += alpha_t rho delta x, delta = r + gamma w.x' - w.x; rho = "
                "pi/b for state features, 1 for pair features (x' = sum_a' pi(a'|s') "
                "phi(s',a'), P6). Expected update (iterations axis): w += alpha_k (b - A "
                "w) with A = Phi'D(Phi - gamma P Phi), b = Phi'D r under the data "
                "distribution [D]. Divergence recorded, never a crash (P4).",
            .params = {alpha_param(0.01), schedule_param(), t0_param(), initial_weights_param()}};
  }

  explicit Td0(const Config& config)
      : core_("td0", config.alpha, config.schedule, config.t0, config.initial_weights) {}

  void check(const EvaluationProblem& problem) const { core_.check(problem); }

  void reset(const EvaluationProblem& problem) {
    core_.reset(problem);
    if (problem.data == DataMode::kExpected) {
      matrices_ = population_matrices(*problem.chain);
      scratch_.assign(problem.dim, 0.0);
    }
  }

  void observe(const Transition& t) {
    if (core_.stopped()) return;
    const std::int64_t k = core_.begin_update();
    const EvaluationProblem& problem = core_.problem();
    const std::span<const double> x = problem.feature_row(t.row);
    const std::span<const double> next = problem.next_row(t.next_state);
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
    add_scaled_unchecked(core_.alpha(k) * t.update_ratio * delta, x, w);
  }

  void expected_update() {
    if (core_.stopped()) return;
    const double alpha = core_.alpha(core_.begin_update());
    std::vector<double>& w = core_.w();
    multiply(matrices_.a, w, scratch_);  // A w
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
