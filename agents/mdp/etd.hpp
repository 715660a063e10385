/// @file agents/mdp/etd.hpp
/// Emphatic TD(lambda) [S&B 11.8; Sutton, Mahmood & White 2016; spec 10], state
/// features only, constant interest i:
///   F = rho_prev gamma F_prev + i   (F = i at an episode start)
///   M = lambda i + (1 - lambda) F
///   e = rho (gamma lambda e + M x)  (e = 0 before an episode's first update)
///   w += alpha_t delta e,  delta = r + gamma w.x' - w.x.
/// Expected update (iterations axis) [D]: w += alpha_k (b_m - A_m w) with the emphasis
///   m' = (mu .* i)' (I - P_lambda)^-1,  P_lambda = I - (I - gamma lambda P)^-1 (I - gamma P),
///   A_m = Phi' diag(m) (I - gamma lambda P)^-1 (I - gamma P) Phi, b_m likewise with r.
/// Baird (spec 9.1): m = (1/7 x 6, 99.142857); A_m is positive semi-definite (stable)
/// but the sample version has very high variance.
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

class Etd {
 public:
  static constexpr bool kBatch = false;

  struct Config {
    double alpha = 0.01;
    double lambda = 0.0;
    double interest = 1.0;
    std::string schedule = "constant";
    double t0 = 1000.0;
    std::vector<double> initial_weights{};
    static Config from(const ParamMap& params) {
      return {params.real("alpha"),    params.real("lambda"),
              params.real("interest"), params.string("schedule"),
              params.real("t0"),       params.real_list("initial_weights")};
    }
  };

  static ComponentInfo info() {
    return {.name = "etd",
            .family = "mdp",
            .role = ComponentRole::kAgent,
            .summary = "Emphatic TD(lambda) with constant interest (state features)",
            .reference =
                "Sutton & Barto (2018), 2nd ed., 11.8; Sutton, Mahmood & White (2016), "
                "JMLR 17 (spec 10)",
            .fidelity = Fidelity::kPaper,
            .notes =
                "[S&B] F = rho_prev gamma F_prev + i (F = i at episode starts), M = lambda "
                "i + (1 - lambda) F, e = rho (gamma lambda e + M x), w += alpha delta e. "
                "State features only; trajectory data or the iterations axis. Expected "
                "update with the emphasis m' = (mu .* i)' (I - P_lambda)^-1: A_m = Phi' "
                "diag(m) (I - gamma lambda P)^-1 (I - gamma P) Phi [D] (Baird, spec 9.1: m "
                "= (1/7 x 6, 99.142857)).",
            .params = {alpha_param(0.01),
                       real_param("lambda", 0.0, Range::closed(0.0, 1.0), "trace decay lambda"),
                       real_param("interest", 1.0, Range::greater_than(0.0),
                                  "interest i (the same in every state)"),
                       schedule_param(), t0_param(), initial_weights_param()}};
  }

  explicit Etd(const Config& config)
      : core_("etd", config.alpha, config.schedule, config.t0, config.initial_weights),
        lambda_(config.lambda),
        interest_(config.interest) {
    if (!(lambda_ >= 0.0 && lambda_ <= 1.0))
      throw ConfigError("etd", "lambda", "must be in [0, 1]");
    if (!(interest_ > 0.0)) throw ConfigError("etd", "interest", "must be > 0");
  }

  void check(const EvaluationProblem& problem) const {
    core_.check(problem);
    if (problem.kind != FeatureKind::kState)
      throw ConfigError("etd", "",
                        "emphatic TD is implemented for state features (V-version with "
                        "importance ratios) only; this environment has state-action features");
    if (problem.data == DataMode::kSamples)
      throw ConfigError("etd", "",
                        "emphatic TD needs trajectory data (axis steps) or expected updates "
                        "(axis iterations): its follow-on trace is meaningless on i.i.d. samples");
  }

  void reset(const EvaluationProblem& problem) {
    core_.reset(problem);
    trace_.assign(problem.dim, 0.0);
    scratch_.assign(problem.dim, 0.0);
    followon_ = 0.0;
    previous_ratio_ = 0.0;
    emphasis_ = 0.0;
    if (problem.data == DataMode::kExpected)
      matrices_ = trace_matrices(*problem.chain, lambda_,
                                 emphasis_weights(*problem.chain, lambda_, interest_));
  }

  void observe(const Transition& t) {
    if (core_.stopped()) return;
    const std::int64_t k = core_.begin_update();
    const EvaluationProblem& problem = core_.problem();
    const std::span<const double> x = problem.feature_row(t.row);
    const std::span<const double> next = problem.next_row(t.next_state);
    std::vector<double>& w = core_.w();
    const double delta = t.reward + problem.gamma * dot(next, w) - dot(x, w);
    followon_ =
        t.episode_start ? interest_ : previous_ratio_ * problem.gamma * followon_ + interest_;
    emphasis_ = lambda_ * interest_ + (1.0 - lambda_) * followon_;
    if (!std::isfinite(delta) || !std::isfinite(emphasis_)) {
      core_.diverge();
      return;
    }
    const double decay = problem.gamma * lambda_;
    const double alpha = core_.alpha(k);
    for (std::size_t i = 0; i < w.size(); ++i) {
      const double previous = t.episode_start ? 0.0 : trace_[i];
      trace_[i] = t.ratio * (decay * previous + emphasis_ * x[i]);
      w[i] += alpha * delta * trace_[i];
    }
    previous_ratio_ = t.ratio;
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
  /// F and M of the last observe(), and the trace e.
  double followon() const { return followon_; }
  double emphasis() const { return emphasis_; }
  std::span<const double> trace() const { return trace_; }
  const AgentStatus& status() const { return core_.status(); }

 private:
  OnlineCore core_;
  double lambda_;
  double interest_;
  std::vector<double> trace_;
  double followon_ = 0.0;
  double previous_ratio_ = 0.0;
  double emphasis_ = 0.0;
  PopulationMatrices matrices_;
  std::vector<double> scratch_;
};

}  // namespace banditsim::mdp
