/// @file agents/causal/column_change_detector.hpp
/// Sub-graph change detection of CSL-UCB (spec A.4.5; the authors' code
/// `det_change_col`, HEAD 2025-06-30): 2N independent tests, one per (mode m,
/// node n), each on node n's own mechanism under mode m.
///
/// Over the last W samples of the cell (the recent ring, whole history, P-A14)
/// the residuals e = X_n - sum_p B^_m[p, n] X_p - nu_n give mu^ = mean(e) and
/// sigma^ = std(e) (population, ddof 0), and
///     D = ln(sigma / sigma^) + mean((e / sigma)^2) / 2 - mean(((e - mu^) / sigma^)^2) / 2
/// (as the code writes it), which equals KL(N(mu^, sigma^2^) || N(0, sigma^2))
/// = ln(sigma/sigma^) + (sigma^^2 + mu^^2) / (2 sigma^2) - 1/2. Change iff D > tau.
/// sigma is the noise s.d. sqrt(Sigma[n,n]) (variance_convention "variance",
/// ours, P-A4) or Sigma[n,n] itself ("code"). Guard (P-A14, ours): fewer than 2
/// samples or sigma^ = 0 is no change.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "agents/causal/confidence_bound.hpp"
#include "agents/causal/node_mode_samples.hpp"
#include "sim/families/causal/sem_model.hpp"

namespace banditsim::causal {

/// D for residuals e and nominal s.d. sigma; 0 under the guard (size < 2 or sigma^ = 0).
double column_change_statistic(std::span<const double> residuals, double sigma);

class ColumnChangeDetector {
 public:
  struct Options {
    double threshold = 2.0;  ///< tau (code: 2).
    VarianceConvention variance = VarianceConvention::kVariance;
  };

  explicit ColumnChangeDetector(Options options) : options_(options) {}

  /// D of cell (n, m) under the estimates (its recent ring's residuals).
  double statistic(const NodeModeSamples& samples, const SemWeights& estimate,
                   std::span<const double> noise_mean, std::span<const double> noise_variance,
                   std::size_t node, std::size_t mode);

  /// changed[m * N + n] = 1 iff cell (n, m) tests positive; returns how many did.
  std::size_t detect(const NodeModeSamples& samples, const SemWeights& estimate,
                     std::span<const double> noise_mean, std::span<const double> noise_variance,
                     std::span<unsigned char> changed);

 private:
  Options options_;
  std::vector<double> residuals_;
};

}  // namespace banditsim::causal
