#include "sim/families/mdp/metrics.hpp"

namespace banditsim::mdp {

const std::array<MetricInfo, kNumMdpMetrics>& mdp_metrics() {
  static const std::array<MetricInfo, kNumMdpMetrics> metrics = {{
      {.name = "value_error_mu",
       .long_name = "squared value error in the data norm",
       .units = "value^2",
       .description = "||Phi w - v||^2_mu: the estimate's squared error against the true values "
                      "v (V^pi over states or Q^pi over pairs), weighted by the data "
                      "distribution mu (spec 7 E1: n times it is 4.3's "
                      "asym_value_error_mu); +inf after divergence",
       .valid_min = 0.0},
      {.name = "value_error_pi",
       .long_name = "squared value error in the target's occupancy norm",
       .units = "value^2",
       .description = "||Phi w - v||^2 weighted by d^pi_nu = (1 - gamma) nu' (I - gamma P^pi)^-1, "
                      "the discounted occupancy of the target policy from the start "
                      "distribution (spec 2.1, P8); +inf after divergence",
       .valid_min = 0.0},
      {.name = "start_value_error",
       .long_name = "error of the start value",
       .units = "value",
       .description = "|V_hat(nu) - V^pi(nu)| with V_hat(nu) = nu_phi' w (spec 3.6): the "
                      "off-policy evaluation error (spec 7 E3, E6); +inf after divergence",
       .valid_min = 0.0},
      {.name = "weight_norm",
       .long_name = "weight norm",
       .units = "1",
       .description = "||w||_2 (divergence shows as growth without bound; spec 6.1); +inf "
                      "after divergence",
       .valid_min = 0.0},
      {.name = "msbe",
       .long_name = "mean squared Bellman error",
       .units = "value^2",
       .description = "||Phi w - r - gamma P^pi Phi w||^2_mu from the true model (spec 5; not "
                      "learnable from data, P19); +inf after divergence",
       .valid_min = 0.0},
      {.name = "mspbe",
       .long_name = "mean squared projected Bellman error",
       .units = "value^2",
       .description = "(A w - b)' Sigma^+ (A w - b) with the population A, b, Sigma (spec 3.5, "
                      "5); under realizability n times it tends to tr(Sigma^-1 Omega) whatever "
                      "eps (4.3 [D]); +inf after divergence",
       .valid_min = 0.0},
      {.name = "fixed_point_distance",
       .long_name = "distance to the TD fixed point",
       .units = "value",
       .description = "||Phi (w - w_TD)||_mu, in function space, so that all fixed points of a "
                      "singular A (Baird) are at distance 0; +inf after divergence",
       .valid_min = 0.0},
      {.name = "bound_ratio",
       .long_name = "start-value error over its deterministic bound",
       .units = "1",
       .description = "|V_hat - V| / ((1 - gamma)^-1 sqrt(C_mean MSPBE / (1 - eps^2))), spec "
                      "4.1 item 4 [D] (<= 1 always); 0 when the error is 0. Realizable "
                      "cells only ([R] eps and C_mean assume realizability, P3)",
       .valid_min = 0.0},
      {.name = "diverged",
       .long_name = "weights diverged",
       .units = "1",
       .description = "1 if the agent's weights became non-finite (inf or NaN) before the end",
       .is_indicator = true,
       .valid_min = 0.0,
       .valid_max = 1.0,
       .kind = MetricKind::kFinal},
      {.name = "divergence_step",
       .long_name = "updates before divergence",
       .units = "steps",
       .description = "the update (1-based) after which the weights were first non-finite; the "
                      "number of steps of the cell when they never were (censored: see "
                      "diverged)",
       .valid_min = 0.0,
       .kind = MetricKind::kFinal},
      {.name = "singular_solves",
       .long_name = "solves with a singular matrix",
       .units = "solves",
       .description = "record steps at which a batch estimator's matrix (A_hat for LSTD, "
                      "Sigma_hat for FQE, ...) had rcond < 1e-12 and the min-norm "
                      "pseudo-inverse was used (spec P5: never regularized silently)",
       .valid_min = 0.0,
       .kind = MetricKind::kFinal},
      {.name = "chain_violations",
       .long_name = "violations of the deterministic inequality chain",
       .units = "checks",
       .description = "at each record step, spec 4.1's (1 - eps^2) MSBE <= MSPBE, (1 - gamma) "
                      "|V_hat - V| <= sqrt(C_mean MSBE) and item 4 are checked (relative "
                      "slack 1e-9): the number that failed, summed (0 expected; T11). "
                      "Realizable cells only",
       .valid_min = 0.0,
       .kind = MetricKind::kFinal},
      {.name = "weights",
       .long_name = "final weights",
       .units = "1",
       .description = "the agent's weight vector w at the last step, one variable per feature "
                      "(weights_0, weights_1, ...; compare with the reference w_td); +inf after "
                      "divergence",
       .kind = MetricKind::kFinal,
       .extent = "feature"},
  }};
  return metrics;
}

}  // namespace banditsim::mdp
