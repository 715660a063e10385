/// @file agents/mdp/fqe.hpp
/// Fitted Q Evaluation with the linear class [spec 3.2; Le, Voloshin & Yue 2019]:
///   w <- Sigma_hat^-1 (b_hat + gamma Sx_hat w)
/// (the rho-weighted least-squares regression of r + gamma x'.w on x; sample moments in
/// weighted_moments.hpp). Each refresh() runs `iterations` such steps, warm-started from
/// the previous refresh's w (from initial_weights at the first), so it is deterministic.
/// It converges iff the spectral radius of gamma Sigma_hat^-1 Sx_hat is < 1, to the LSTD
/// solution (spec 3.5); otherwise it diverges (dial t = 0.02, 9.4), which is recorded.
/// Singular Sigma_hat (rcond < kSingularRcond): the pseudo-inverse, counted per refresh.
/// Expected mode (iterations axis): each expected_update() is one population iteration
/// w <- Sigma^-1 (b + gamma Sx w); a refresh counts a singular solve if Sigma is singular.
#pragma once

#include <armadillo>
#include <cstdint>
#include <span>
#include <vector>

#include "agents/mdp/batch_core.hpp"
#include "agents/mdp/population_matrices.hpp"
#include "agents/mdp/weighted_moments.hpp"
#include "sim/core/component.hpp"
#include "sim/core/params.hpp"

namespace banditsim::mdp {

class Fqe {
 public:
  static constexpr bool kBatch = true;

  struct Config {
    std::int64_t iterations = 100;
    std::vector<double> initial_weights{};
    static Config from(const ParamMap& params) {
      return {params.integer("iterations"), params.real_list("initial_weights")};
    }
  };

  static ComponentInfo info() {
    return {.name = "fqe",
            .family = "mdp",
            .role = ComponentRole::kAgent,
            .summary =
                "Fitted Q Evaluation: iterated least-squares regression of the "
                "bootstrapped target",
            .reference =
                "Zanette (2023), ICML, 'Fitted Q' [P]; Le, Voloshin & Yue (2019), ICML "
                "(spec 3.2)",
            .fidelity = Fidelity::kPaper,
            .notes =
                "[P] FQE, linear form [D]: w <- Sigma_hat^-1 (b_hat + gamma Sx_hat w), "
                "rho-weighted moments; `iterations` steps per refresh, warm-started from "
                "the previous refresh. Converges iff rho(gamma Sigma_hat^-1 Sx_hat) < 1, "
                "then to the LSTD solution (3.5). Singular Sigma_hat: pseudo-inverse, "
                "counted. Expected mode: one population iteration per expected_update.",
            .params = {int_param("iterations", 100, Range::at_least(1),
                                 "FQE iterations per refresh (warm-started)"),
                       initial_weights_param()}};
  }

  explicit Fqe(const Config& config)
      : core_("fqe", config.initial_weights), iterations_(config.iterations) {
    if (iterations_ < 1) throw ConfigError("fqe", "iterations", "must be at least 1");
  }

  void check(const EvaluationProblem& problem) const { core_.check(problem); }

  void reset(const EvaluationProblem& problem) {
    core_.reset(problem);
    moments_.reset(problem.dim);
    next_.zeros(problem.dim);
    population_singular_ = false;
    if (problem.data == DataMode::kExpected) {
      moments_.set_population(population_matrices(*problem.chain));
      population_singular_ = prepare_iteration();
    }
  }

  void observe(const Transition& t) {
    const EvaluationProblem& problem = core_.problem();
    moments_.add(problem.feature_row(t.row), problem.next_row(t.next_state), t.update_ratio,
                 t.reward);
    core_.count_update();
  }

  void expected_update() {
    core_.count_update();
    if (!core_.stopped()) iterate(1);
  }

  void refresh() {
    if (core_.stopped() || !core_.has_data()) return;
    if (core_.problem().data == DataMode::kExpected) {
      if (population_singular_) core_.count_singular();
      return;
    }
    if (prepare_iteration()) core_.count_singular();
    iterate(iterations_);
  }

  std::span<const double> weights() const { return core_.weights(); }
  const AgentStatus& status() const { return core_.status(); }
  /// The iteration matrix gamma Sigma^-1 Sx of the last refresh (population in expected mode).
  const arma::mat& iteration_matrix() const { return step_matrix_; }

 private:
  /// step_matrix_ = gamma Sigma^-1 Sx, offset_ = Sigma^-1 b; true if Sigma is singular.
  bool prepare_iteration() {
    const bool singular = inverse_or_pinv(moments_.sigma, sigma_inverse_);
    step_matrix_ = core_.problem().gamma * sigma_inverse_ * moments_.sx;
    offset_ = sigma_inverse_ * moments_.b;
    return singular;
  }

  void iterate(std::int64_t steps) {
    arma::vec& w = core_.w();
    const std::size_t d = w.n_elem;
    for (std::int64_t k = 0; k < steps; ++k) {
      for (std::size_t i = 0; i < d; ++i) {  // next_ = offset + step_matrix w, no temporaries
        double sum = offset_[i];
        for (std::size_t j = 0; j < d; ++j) sum += step_matrix_(i, j) * w[j];
        next_[i] = sum;
      }
      w.swap(next_);
      if (!core_.check_finite()) return;
    }
  }

  BatchCore core_;
  std::int64_t iterations_;
  WeightedMoments moments_;
  arma::mat sigma_inverse_;
  arma::mat step_matrix_;
  arma::vec offset_;
  arma::vec next_;
  bool population_singular_ = false;
};

}  // namespace banditsim::mdp
