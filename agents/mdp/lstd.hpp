/// @file agents/mdp/lstd.hpp
/// LSTD(0) for state features with importance ratios, LSTDQ for pair features
/// [spec 3.3; Bradtke & Barto 1996; Lagoudakis & Parr 2003]:
///   A_hat = sum rho x (x - gamma x')',  b_hat = sum rho r x,  w = A_hat^-1 b_hat,
/// solved at each refresh(). When rcond(A_hat) < kSingularRcond the min-norm
/// pseudo-inverse solution pinv(A_hat) b_hat is used and counted in
/// status().singular_solves (spec P5: never a silent ridge). Expected mode
/// (iterations axis): w = the population solution A^-1 b under the same rule.
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

class Lstd {
 public:
  static constexpr bool kBatch = true;

  struct Config {
    std::vector<double> initial_weights{};
    static Config from(const ParamMap& params) { return {params.real_list("initial_weights")}; }
  };

  static ComponentInfo info() {
    return {.name = "lstd",
            .family = "mdp",
            .role = ComponentRole::kAgent,
            .summary = "LSTD(0) with importance ratios (V) / LSTDQ (Q): solves A_hat w = b_hat",
            .reference =
                "Bradtke & Barto (1996), MLJ 22; Lagoudakis & Parr (2003), JMLR 4 "
                "(spec 3.3)",
            .fidelity = Fidelity::kPaper,
            .notes =
                "A_hat = sum rho x (x - gamma x')', b_hat = sum rho r x (rho = 1 and x' = "
                "expected next features for pairs); each refresh solves A_hat w = b_hat, "
                "with the min-norm pseudo-inverse when rcond < 1e-12, counted as a "
                "singular solve (P5, no ridge). Equals the minimax estimator and the FQE "
                "limit when A_hat is invertible [D] (spec 3.5). Expected mode: the "
                "population A^-1 b. initial_weights: the weights before the first data.",
            .params = {initial_weights_param()}};
  }

  explicit Lstd(const Config& config) : core_("lstd", config.initial_weights) {}

  void check(const EvaluationProblem& problem) const { core_.check(problem); }

  void reset(const EvaluationProblem& problem) {
    core_.reset(problem);
    moments_.reset(problem.dim);
    if (problem.data == DataMode::kExpected)
      moments_.set_population(population_matrices(*problem.chain), problem.gamma);
  }

  void observe(const Transition& t) {
    const EvaluationProblem& problem = core_.problem();
    moments_.add(problem.feature_row(t.row), problem.next_row(t.next_state), problem.gamma,
                 t.update_ratio, t.reward);
    core_.count_update();
  }

  void expected_update() { core_.count_update(); }

  void refresh() {
    if (core_.stopped() || !core_.has_data()) return;
    if (solve_or_min_norm(moments_.a, moments_.b, core_.w())) core_.count_singular();
    core_.check_finite();
  }

  std::span<const double> weights() const { return core_.weights(); }
  const AgentStatus& status() const { return core_.status(); }
  /// The moments so far (sums over the transitions seen; the population in expected mode).
  const TdMoments& moments() const { return moments_; }

 private:
  BatchCore core_;
  TdMoments moments_;
};

}  // namespace banditsim::mdp
