#include "sim/output/confidence.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "sim/core/check.hpp"

namespace banditsim {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

double sample_mean(std::span<const double> values) {
  if (values.empty()) return kNaN;
  double sum = 0;
  for (double x : values) sum += x;
  return sum / static_cast<double>(values.size());
}

double sample_sd(std::span<const double> values) {
  if (values.size() < 2) return kNaN;
  const double mean = sample_mean(values);
  double squares = 0;
  for (double x : values) squares += (x - mean) * (x - mean);
  return std::sqrt(squares / static_cast<double>(values.size() - 1));
}

Interval normal_interval(double mean, double sd, std::size_t n, double z) {
  if (n < 2) return {kNaN, kNaN};
  const double half = z * sd / std::sqrt(static_cast<double>(n));
  return {mean - half, mean + half};
}

Interval wilson_interval(double p, std::size_t n, double z) {
  if (n == 0) return {kNaN, kNaN};
  const double trials = static_cast<double>(n);
  const double z2 = z * z;
  const double denominator = 1 + z2 / trials;
  const double center = (p + z2 / (2 * trials)) / denominator;
  const double half =
      z / denominator * std::sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials));
  // At p = 0 (or 1) the lower (upper) end is exactly 0 (1) in exact arithmetic, but
  // center - half cancels to a residue like 1e-19; set those ends exactly.
  const double lo = p == 0.0 ? 0.0 : std::clamp(center - half, 0.0, 1.0);
  const double hi = p == 1.0 ? 1.0 : std::clamp(center + half, 0.0, 1.0);
  return {lo, hi};
}

Estimate estimate_mean(std::span<const double> values) {
  const double mean = sample_mean(values);
  return {mean, normal_interval(mean, sample_sd(values), values.size()), values.size()};
}

Estimate estimate_proportion(std::span<const double> values) {
  const double p = sample_mean(values);
  const std::size_t n = values.size();
  return {p, n < 2 ? Interval{kNaN, kNaN} : wilson_interval(p, n), n};
}

Estimate estimate_paired_difference(std::span<const double> values,
                                    std::span<const double> reference) {
  BANDITSIM_CHECK(values.size() == reference.size(), "paired samples of different lengths");
  std::vector<double> differences(values.size());
  for (std::size_t r = 0; r < values.size(); ++r) differences[r] = values[r] - reference[r];
  return estimate_mean(differences);
}

}  // namespace banditsim
