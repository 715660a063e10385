/// @file agents/mdp/gradient_td.hpp
/// The gradient-TD agents GTD2 and TDC (GTD(0)) [S&B 11.7; Sutton et al. 2009;
/// spec 10]. Both keep a second weight vector v (an estimate of Sigma^-1 (b - A w))
/// on the faster timescale beta, from v = 0:
///   v += beta_t rho (delta - v.x) x
///   GTD2: w += alpha_t rho (x - gamma x') (x.v)
///   TDC:  w += alpha_t rho (delta x - gamma x' (x.v))
/// both from the old w and v. Expected updates (from the same old w, v; spec 10):
///   v += beta (b - A w - Sigma v);  GTD2: w += alpha A' v;  TDC: w += alpha (b - A w - gamma Sx'
///   v).
/// Their fixed point is the TD fixed point (A w = b) whenever A is invertible
/// (spec 3.5); they converge where TD(0) diverges (Baird 9.1, dial 9.4), slowly when
/// eps is near 1 (P16).
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

enum class GradientTdVariant { kGtd2, kTdc };

template <GradientTdVariant kVariant>
class GradientTd {
 public:
  static constexpr bool kBatch = false;
  static constexpr const char* kName = kVariant == GradientTdVariant::kGtd2 ? "gtd2" : "tdc";

  struct Config {
    double alpha = 0.005;
    double beta = 0.05;
    std::string schedule = "constant";
    double t0 = 1000.0;
    std::vector<double> initial_weights{};
    static Config from(const ParamMap& params) {
      return {params.real("alpha"), params.real("beta"), params.string("schedule"),
              params.real("t0"), params.real_list("initial_weights")};
    }
  };

  static ComponentInfo info() {
    const bool gtd2 = kVariant == GradientTdVariant::kGtd2;
    return {.name = kName,
            .family = "mdp",
            .role = ComponentRole::kAgent,
            .summary = gtd2 ? "GTD2: gradient descent on the MSPBE, two timescales"
                            : "TDC (GTD(0)): TD with gradient correction, two timescales",
            .reference =
                "Sutton & Barto (2018), 2nd ed., 11.7; Sutton, Maei, Precup, Bhatnagar, "
                "Silver, Szepesvari & Wiewiora (2009), ICML (spec 10)",
            .fidelity = Fidelity::kPaper,
            .notes = std::string("[S&B] v += beta rho (delta - v.x) x (v_0 = 0); ") +
                     (gtd2 ? "w += alpha rho (x - gamma x') (x.v)"
                           : "w += alpha rho (delta x - gamma x' (x.v))") +
                     ", both from the old w and v; rho = 1 for pair features (x' = the "
                     "expected next features). Expected update: v += beta (b - A w - "
                     "Sigma v), " +
                     (gtd2 ? "w += alpha A' v" : "w += alpha (b - A w - gamma Sx' v)") +
                     " [D]. Both alpha and beta follow the schedule; take beta >> alpha "
                     "(P16).",
            .params = {alpha_param(0.005),
                       real_param("beta", 0.05, Range::greater_than(0.0),
                                  "first step size of the secondary weights v"),
                       schedule_param(), t0_param(), initial_weights_param()}};
  }

  explicit GradientTd(const Config& config)
      : core_(kName, config.alpha, config.schedule, config.t0, config.initial_weights),
        beta_(config.beta) {
    if (!(config.beta > 0.0)) throw ConfigError(kName, "beta", "must be > 0");
  }

  void check(const EvaluationProblem& problem) const { core_.check(problem); }

  void reset(const EvaluationProblem& problem) {
    core_.reset(problem);
    v_.assign(problem.dim, 0.0);
    scratch_w_.assign(problem.dim, 0.0);
    scratch_v_.assign(problem.dim, 0.0);
    if (problem.data == DataMode::kExpected) matrices_ = population_matrices(*problem.chain);
  }

  void observe(const Transition& t) {
    if (core_.stopped()) return;
    const std::int64_t k = core_.begin_update();
    const EvaluationProblem& problem = core_.problem();
    const std::span<const double> x = problem.feature_row(t.row);
    const std::span<const double> next = problem.next_row(t.next_state);
    std::vector<double>& w = core_.w();
    const double delta = t.reward + problem.gamma * dot(next, w) - dot(x, w);
    const double xv = dot(x, v_);
    if (!std::isfinite(delta) || !std::isfinite(xv)) {
      core_.diverge();
      return;
    }
    const double rho = t.update_ratio;
    const double alpha = core_.alpha(k);
    const double beta = core_.step_size(beta_, k);
    const double v_scale = beta * rho * (delta - xv);
    for (std::size_t i = 0; i < w.size(); ++i) {
      if constexpr (kVariant == GradientTdVariant::kGtd2) {
        w[i] += alpha * rho * (x[i] - problem.gamma * next[i]) * xv;
      } else {
        w[i] += alpha * rho * (delta * x[i] - problem.gamma * next[i] * xv);
      }
      v_[i] += v_scale * x[i];
    }
    end_update();
  }

  void expected_update() {
    if (core_.stopped()) return;
    const std::int64_t k = core_.begin_update();
    const double alpha = core_.alpha(k);
    const double beta = core_.step_size(beta_, k);
    std::vector<double>& w = core_.w();
    // From the old w and v: scratch_w_ = A w, scratch_v_ = Sigma v, then w's term.
    multiply(matrices_.a, w, scratch_w_);
    multiply(matrices_.sigma, v_, scratch_v_);
    for (std::size_t i = 0; i < w.size(); ++i)  // scratch_v_ <- the v increment
      scratch_v_[i] = beta * (matrices_.b[i] - scratch_w_[i] - scratch_v_[i]);
    if constexpr (kVariant == GradientTdVariant::kGtd2) {
      multiply_transposed(matrices_.a, v_, scratch_w_);  // A' v
      for (std::size_t i = 0; i < w.size(); ++i) w[i] += alpha * scratch_w_[i];
    } else {
      for (std::size_t i = 0; i < w.size(); ++i) scratch_w_[i] = matrices_.b[i] - scratch_w_[i];
      for (std::size_t j = 0; j < w.size(); ++j) {  // - gamma Sx' v
        double sum = 0.0;
        for (std::size_t i = 0; i < w.size(); ++i) sum += matrices_.sx(i, j) * v_[i];
        scratch_w_[j] -= core_.problem().gamma * sum;
      }
      for (std::size_t i = 0; i < w.size(); ++i) w[i] += alpha * scratch_w_[i];
    }
    for (std::size_t i = 0; i < w.size(); ++i) v_[i] += scratch_v_[i];
    end_update();
  }

  void refresh() {
    core_.refresh();
    if (!core_.stopped() && !all_finite(v_)) core_.diverge();
  }
  std::span<const double> weights() const { return core_.weights(); }
  /// The secondary weights v.
  std::span<const double> secondary_weights() const { return v_; }
  const AgentStatus& status() const { return core_.status(); }

 private:
  void end_update() {
    core_.end_update();
    if (!core_.stopped() && !all_finite(v_)) core_.diverge();
  }

  OnlineCore core_;
  double beta_;
  std::vector<double> v_;
  PopulationMatrices matrices_;
  std::vector<double> scratch_w_;
  std::vector<double> scratch_v_;
};

using Gtd2 = GradientTd<GradientTdVariant::kGtd2>;
using Tdc = GradientTd<GradientTdVariant::kTdc>;

}  // namespace banditsim::mdp
