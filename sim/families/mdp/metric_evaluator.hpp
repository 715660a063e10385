/// @file sim/families/mdp/metric_evaluator.hpp
/// Evaluates the curve metrics of metrics.hpp for one weight vector against the
/// cell's exact solution, with buffers made once per runner (no allocation at
/// record steps).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <span>
#include <vector>

#include "sim/families/mdp/evaluation_chain.hpp"
#include "sim/families/mdp/exact_solution.hpp"

namespace banditsim::mdp {

/// The curve metrics at one record step.
struct PointMetrics {
  double value_error_mu = 0.0, value_error_pi = 0.0, start_value_error = 0.0;
  double weight_norm = 0.0, msbe = 0.0, mspbe = 0.0, fixed_point_distance = 0.0;
  double bound_ratio = 0.0;
  /// Spec 4.1's checks that failed at this point (0 to 3).
  int chain_violations = 0;
};

class MetricEvaluator {
 public:
  MetricEvaluator(const EvaluationChain& chain, const ExactSolution& exact)
      : chain_(&chain), exact_(&exact), gradient_(chain.dim, 0.0), difference_(chain.dim, 0.0) {}

  /// The metrics of weights `w` (size d, finite).
  PointMetrics evaluate(std::span<const double> w) {
    const EvaluationChain& chain = *chain_;
    const ExactSolution& exact = *exact_;
    const std::size_t rows = chain.rows, d = chain.dim;
    PointMetrics m;
    // Phi w, the Bellman residual B w - r, and Phi (w - w_TD), row by row.
    for (std::size_t j = 0; j < d; ++j) difference_[j] = w[j] - exact.w_td[j];
    double error_mu = 0.0, error_pi = 0.0, msbe = 0.0, distance = 0.0;
    for (std::size_t i = 0; i < rows; ++i) {
      double value = 0.0, residual = 0.0, gap = 0.0;
      for (std::size_t j = 0; j < d; ++j) {
        value += chain.phi.at(i, j) * w[j];
        residual += exact.b_matrix.at(i, j) * w[j];
        gap += chain.phi.at(i, j) * difference_[j];
      }
      residual -= chain.r_target[i];
      const double error = value - exact.true_values[i];
      error_mu += chain.mu[i] * error * error;
      error_pi += exact.occupancy[i] * error * error;
      msbe += chain.mu[i] * residual * residual;
      distance += chain.mu[i] * gap * gap;
    }
    m.value_error_mu = error_mu;
    m.value_error_pi = error_pi;
    m.msbe = msbe;
    m.fixed_point_distance = std::sqrt(distance);

    double estimate = 0.0, norm = 0.0;
    for (std::size_t j = 0; j < d; ++j) {
      estimate += exact.start_features[j] * w[j];
      norm += w[j] * w[j];
      double g = -exact.b[j];
      for (std::size_t k = 0; k < d; ++k) g += exact.a.at(j, k) * w[k];
      gradient_[j] = g;
    }
    m.weight_norm = std::sqrt(norm);
    m.start_value_error = std::abs(estimate - exact.start_value);
    double mspbe = 0.0;
    for (std::size_t j = 0; j < d; ++j)
      for (std::size_t k = 0; k < d; ++k)
        mspbe += gradient_[j] * exact.sigma_pinv.at(j, k) * gradient_[k];
    m.mspbe = std::max(0.0, mspbe);

    if (exact.realizable) check_chain(m);
    return m;
  }

  /// Every curve metric +inf (the weights are no longer finite).
  static PointMetrics diverged() {
    const double inf = std::numeric_limits<double>::infinity();
    return {inf, inf, inf, inf, inf, inf, inf, inf, 0};
  }

 private:
  /// Spec 4.1 [D], items 2-4, with relative slack 1e-9 (and 1e-12 absolute, for
  /// values at rounding level): (1 - eps^2) MSBE <= MSPBE; (1 - gamma) |V_hat - V|
  /// <= sqrt(C_mean MSBE); |V_hat - V| <= (1 - gamma)^-1 sqrt(C_mean MSPBE / (1 - eps^2)).
  void check_chain(PointMetrics& m) const {
    const ExactSolution& exact = *exact_;
    const double gamma = chain_->gamma;
    auto holds = [](double lhs, double rhs) { return lhs <= rhs * (1.0 + 1e-9) + 1e-12; };
    m.chain_violations += !holds(exact.one_minus_eps2 * m.msbe, m.mspbe);
    m.chain_violations +=
        !holds((1.0 - gamma) * m.start_value_error, std::sqrt(exact.c_mean * m.msbe));
    const double bound =
        exact.one_minus_eps2 > 0.0
            ? std::sqrt(exact.c_mean * m.mspbe / exact.one_minus_eps2) / (1.0 - gamma)
            : std::numeric_limits<double>::infinity();
    m.chain_violations += !holds(m.start_value_error, bound);
    m.bound_ratio = m.start_value_error <= 1e-12 ? 0.0 : m.start_value_error / bound;
  }

  const EvaluationChain* chain_;
  const ExactSolution* exact_;
  std::vector<double> gradient_, difference_;
};

}  // namespace banditsim::mdp
