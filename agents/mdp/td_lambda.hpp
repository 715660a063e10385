/// @file agents/mdp/td_lambda.hpp
/// Off-policy TD(lambda) with per-decision importance-sampling traces [S&B 12.9,
/// eq. 12.28 for states; spec 10 "per-decision IS"], accumulating traces:
///   state features: e = rho (gamma lambda e + x)
///   pair features:  e = gamma lambda rho e + phi   (the ratio of the action taken at
///                   the current pair continues the trace; the current phi needs none)
///   delta = r + gamma w.x' - w.x,   w += alpha_t delta e,
/// with rho = t.ratio and e = 0 at each episode start (before the update). On i.i.d.
/// samples every transition starts an episode, so lambda > 0 needs trajectory data
/// (or the iterations axis). Expected update (iterations axis) [D]:
///   w += alpha_k (b_l - A_l w),  A_l = Phi' D (I - gamma lambda P)^-1 (I - gamma P) Phi,
///   b_l = Phi' D (I - gamma lambda P)^-1 r.
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

class TdLambda {
 public:
  static constexpr bool kBatch = false;

  struct Config {
    double alpha = 0.01;
    double lambda = 0.9;
    std::string schedule = "constant";
    double t0 = 1000.0;
    std::vector<double> initial_weights{};
    static Config from(const ParamMap& params) {
      return {params.real("alpha"), params.real("lambda"), params.string("schedule"),
              params.real("t0"), params.real_list("initial_weights")};
    }
  };

  static ComponentInfo info() {
    return {.name = "td_lambda",
            .family = "mdp",
            .role = ComponentRole::kAgent,
            .summary = "Off-policy TD(lambda) with per-decision importance-sampling traces",
            .reference =
                "Sutton & Barto (2018), 2nd ed., 12.9 (per-decision off-policy traces); "
                "spec 10",
            .fidelity = Fidelity::kPaper,
            .notes =
                "[S&B] state features: e = rho (gamma lambda e + x); pair features: e = "
                "gamma lambda rho e + phi (rho of the action taken continues the trace); "
                "e = 0 at episode starts; w += alpha delta e. lambda > 0 needs trajectory "
                "data or the iterations axis. Expected update: w += alpha (b_l - A_l w), "
                "A_l = Phi'D (I - gamma lambda P)^-1 (I - gamma P) Phi, b_l = Phi'D (I - "
                "gamma lambda P)^-1 r [D].",
            .params = {alpha_param(0.01),
                       real_param("lambda", 0.9, Range::closed(0.0, 1.0), "trace decay lambda"),
                       schedule_param(), t0_param(), initial_weights_param()}};
  }

  explicit TdLambda(const Config& config)
      : core_("td_lambda", config.alpha, config.schedule, config.t0, config.initial_weights),
        lambda_(config.lambda) {
    if (!(lambda_ >= 0.0 && lambda_ <= 1.0))
      throw ConfigError("td_lambda", "lambda", "must be in [0, 1]");
  }

  void check(const EvaluationProblem& problem) const {
    core_.check(problem);
    if (lambda_ > 0.0 && problem.data == DataMode::kSamples)
      throw ConfigError("td_lambda", "lambda",
                        "lambda > 0 needs trajectory data (axis steps) or expected updates "
                        "(axis iterations): every i.i.d. sample starts afresh");
  }

  void reset(const EvaluationProblem& problem) {
    core_.reset(problem);
    trace_.assign(problem.dim, 0.0);
    scratch_.assign(problem.dim, 0.0);
    if (problem.data == DataMode::kExpected)
      matrices_ = trace_matrices(*problem.chain, lambda_, problem.chain->mu);
  }

  void observe(const Transition& t) {
    if (core_.stopped()) return;
    const std::int64_t k = core_.begin_update();
    const EvaluationProblem& problem = core_.problem();
    const std::span<const double> x = problem.feature_row(t.row);
    const std::span<const double> next = problem.next_row(t.next_state);
    std::vector<double>& w = core_.w();
    const double delta = t.reward + problem.gamma * dot(next, w) - dot(x, w);
    if (!std::isfinite(delta)) {
      core_.diverge();
      return;
    }
    const double decay = t.episode_start ? 0.0 : problem.gamma * lambda_;
    const bool state_kind = problem.kind == FeatureKind::kState;
    const double alpha = core_.alpha(k);
    for (std::size_t i = 0; i < w.size(); ++i) {
      const double previous = t.episode_start ? 0.0 : trace_[i];
      trace_[i] =
          state_kind ? t.ratio * (decay * previous + x[i]) : decay * t.ratio * previous + x[i];
      w[i] += alpha * delta * trace_[i];
    }
    core_.end_update();
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
  /// The eligibility trace e after the last observe().
  std::span<const double> trace() const { return trace_; }
  const AgentStatus& status() const { return core_.status(); }

 private:
  OnlineCore core_;
  double lambda_;
  std::vector<double> trace_;
  PopulationMatrices matrices_;
  std::vector<double> scratch_;
};

}  // namespace banditsim::mdp
