#include "agents/causal/column_change_detector.hpp"

#include <cmath>

namespace banditsim::causal {

double column_change_statistic(std::span<const double> residuals, double sigma) {
  const std::size_t w = residuals.size();
  if (w < 2) return 0.0;
  const double inv_w = 1.0 / static_cast<double>(w);
  double mean = 0.0;
  for (const double e : residuals) mean += e;
  mean *= inv_w;
  double var = 0.0, nominal = 0.0;
  for (const double e : residuals) {
    var += (e - mean) * (e - mean);
    nominal += (e / sigma) * (e / sigma);
  }
  var *= inv_w;
  nominal *= inv_w;
  const double sd = std::sqrt(var);
  if (!(sd > 0.0)) return 0.0;
  double fitted = 0.0;
  for (const double e : residuals) fitted += ((e - mean) / sd) * ((e - mean) / sd);
  fitted *= inv_w;
  return std::log(sigma / sd) + 0.5 * nominal - 0.5 * fitted;
}

double ColumnChangeDetector::statistic(const NodeModeSamples& samples, const SemWeights& estimate,
                                       std::span<const double> noise_mean,
                                       std::span<const double> noise_variance, std::size_t node,
                                       std::size_t mode) {
  const std::size_t nodes = samples.nodes();
  const std::size_t count = samples.recent_size(node, mode);
  const double* column = estimate.of_mode(mode).colptr(node);
  residuals_.resize(count);
  for (std::size_t r = 0; r < count; ++r) {
    const std::span<const double> x = samples.recent_sample(node, mode, r);
    double e = x[node] - noise_mean[node];
    for (std::size_t p = 0; p < nodes; ++p) e -= column[p] * x[p];
    residuals_[r] = e;
  }
  const double v = noise_variance[node];
  const double sigma = options_.variance == VarianceConvention::kVariance ? std::sqrt(v) : v;
  return column_change_statistic(residuals_, sigma);
}

std::size_t ColumnChangeDetector::detect(const NodeModeSamples& samples, const SemWeights& estimate,
                                         std::span<const double> noise_mean,
                                         std::span<const double> noise_variance,
                                         std::span<unsigned char> changed) {
  const std::size_t nodes = samples.nodes();
  std::size_t count = 0;
  for (std::size_t mode = 0; mode < 2; ++mode)
    for (std::size_t node = 0; node < nodes; ++node) {
      const bool change =
          statistic(samples, estimate, noise_mean, noise_variance, node, mode) > options_.threshold;
      changed[mode * nodes + node] = change ? 1 : 0;
      count += change;
    }
  return count;
}

}  // namespace banditsim::causal
