/// @file sim/families/mdp/metrics.hpp
/// The metrics of the mdp family, in results-file order. Curves are evaluated at
/// every record step against the cell's exact solution (exact_solution.hpp); the
/// true model enters only here, never the estimators (spec P19).
///
/// After an agent's weights become non-finite (divergence), its curves hold +inf
/// from that record step on and `diverged` / `divergence_step` say when: a
/// recorded outcome, not a NaN in the statistics.
///
/// `weights` is a vector metric (MetricInfo::extent = "feature"): the engine stores
/// weights_0 ... weights_{d-1}, and the runner writes feature j at index kWeights + j.
#pragma once

#include <array>
#include <cstddef>

#include "sim/core/component.hpp"

namespace banditsim::mdp {

enum MdpMetric : std::size_t {
  kValueErrorMu,        ///< ||Phi w - v||^2_mu
  kValueErrorPi,        ///< ||Phi w - v||^2_{d^pi}
  kStartValueError,     ///< |V_hat(nu) - V^pi(nu)|
  kWeightNorm,          ///< ||w||_2
  kMsbe,                ///< ||Phi w - T^pi Phi w||^2_mu
  kMspbe,               ///< (A w - b)' Sigma^+ (A w - b)
  kFixedPointDistance,  ///< ||Phi (w - w_TD)||_mu
  kBoundRatio,          ///< |V_hat - V| / the bound of spec 4.1 (realizable cells)
  kDiverged,            ///< 1 if the weights became non-finite
  kDivergenceStep,      ///< update count at divergence (horizon if none)
  kSingularSolves,      ///< solves with a singular matrix (batch agents)
  kChainViolations,     ///< violations of spec 4.1's inequalities (realizable cells)
  kWeights,             ///< the final weights, one metric per feature (a vector metric)
  kNumMdpMetrics
};

const std::array<MetricInfo, kNumMdpMetrics>& mdp_metrics();

}  // namespace banditsim::mdp
