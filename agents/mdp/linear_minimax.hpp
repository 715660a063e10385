/// @file agents/mdp/linear_minimax.hpp
/// The minimax estimator of spec 3.1 over the linear class {Phi w} [P-object,
/// R-form]. By the equivalence theorem of spec 3.5 [D] its empirical objective is the
/// empirical MSPBE (A_hat w - b_hat)' Sigma_hat^+ (A_hat w - b_hat), so refresh()
/// returns that objective's minimum-norm minimizer
///   w = pinv(A_hat' Sigma_hat^+ A_hat) A_hat' Sigma_hat^+ b_hat
/// (rho-weighted moments, weighted_moments.hpp). It equals LSTD when A_hat is invertible
/// and differs when A_hat is singular (LSTD's pinv(A_hat) b_hat solves the
/// least-squares problem in the Euclidean metric instead). A refresh with
/// rcond(A_hat) < kSingularRcond counts a singular solve (the minimizer is then not
/// unique). Expected mode: the population minimizer.
#pragma once

#include <armadillo>
#include <span>
#include <vector>

#include "agents/mdp/batch_core.hpp"
#include "agents/mdp/population_matrices.hpp"
#include "agents/mdp/weighted_moments.hpp"
#include "sim/core/component.hpp"
#include "sim/core/params.hpp"

namespace banditsim::mdp {

class LinearMinimax {
 public:
  static constexpr bool kBatch = true;

  struct Config {
    std::vector<double> initial_weights{};
    static Config from(const ParamMap& params) { return {params.real_list("initial_weights")}; }
  };

  static ComponentInfo info() {
    return {.name = "linear_minimax",
            .family = "mdp",
            .role = ComponentRole::kAgent,
            .summary =
                "Minimax (modified Bellman residual) estimator over the linear class: "
                "the min-norm empirical-MSPBE minimizer",
            .reference =
                "Zanette (2023), ICML, 'the minimax formulation' [P]; Antos, "
                "Szepesvari & Munos (2008), MLJ 71 (spec 3.1, 3.5)",
            .fidelity = Fidelity::kReconstruction,
            .notes =
                "[R] objective form of spec 3.1; [D] over {Phi w} it equals the empirical "
                "MSPBE (3.5), so w = pinv(A' S^+ A) A' S^+ b with S = Sigma_hat "
                "(rho-weighted). Equals LSTD when A_hat is invertible; min-norm minimizer "
                "otherwise, counted as a singular solve (rcond(A_hat) < 1e-12).",
            .params = {initial_weights_param()}};
  }

  explicit LinearMinimax(const Config& config) : core_("linear_minimax", config.initial_weights) {}

  void check(const EvaluationProblem& problem) const { core_.check(problem); }

  void reset(const EvaluationProblem& problem) {
    core_.reset(problem);
    moments_.reset(problem.dim);
    a_.zeros(problem.dim, problem.dim);
    if (problem.data == DataMode::kExpected)
      moments_.set_population(population_matrices(*problem.chain));
  }

  void observe(const Transition& t) {
    const EvaluationProblem& problem = core_.problem();
    moments_.add(problem.feature_row(t.row), problem.next_row(t.next_state), t.update_ratio,
                 t.reward);
    core_.count_update();
  }

  void expected_update() { core_.count_update(); }

  void refresh() {
    if (core_.stopped() || !core_.has_data()) return;
    moments_.tdmatrix(core_.problem().gamma, a_);
    if (is_singular(a_)) core_.count_singular();
    arma::mat sigma_pinv;
    if (!arma::pinv(sigma_pinv, moments_.sigma)) {
      core_.w().fill(arma::datum::nan);
    } else {
      const arma::mat weighted = a_.t() * sigma_pinv;  // A' S^+
      arma::mat normal_pinv;
      if (arma::pinv(normal_pinv, weighted * a_)) {
        core_.w() = normal_pinv * (weighted * moments_.b);
      } else {
        core_.w().fill(arma::datum::nan);
      }
    }
    core_.check_finite();
  }

  std::span<const double> weights() const { return core_.weights(); }
  const AgentStatus& status() const { return core_.status(); }
  const WeightedMoments& moments() const { return moments_; }

 private:
  BatchCore core_;
  WeightedMoments moments_;
  arma::mat a_;
};

}  // namespace banditsim::mdp
