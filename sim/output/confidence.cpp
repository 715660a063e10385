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

Interval clip(Interval interval, ValidRange range) {
  // Comparisons are false for NaN, so a missing end stays missing.
  if (interval.lo < range.min) interval.lo = range.min;
  if (interval.lo > range.max) interval.lo = range.max;
  if (interval.hi > range.max) interval.hi = range.max;
  if (interval.hi < range.min) interval.hi = range.min;
  return interval;
}

ValidRange difference_range(ValidRange range) {
  return {range.min - range.max, range.max - range.min};
}

Estimate estimate_mean(std::span<const double> values, ValidRange range) {
  const double mean = sample_mean(values);
  return {mean, clip(normal_interval(mean, sample_sd(values), values.size()), range),
          values.size()};
}

Estimate estimate_proportion(std::span<const double> values) {
  const double p = sample_mean(values);
  const std::size_t n = values.size();
  return {p, n < 2 ? Interval{kNaN, kNaN} : wilson_interval(p, n), n};
}

Estimate estimate_paired_difference(std::span<const double> values,
                                    std::span<const double> reference, ValidRange range) {
  BANDITSIM_CHECK(values.size() == reference.size(), "paired samples of different lengths");
  std::vector<double> differences(values.size());
  for (std::size_t r = 0; r < values.size(); ++r) differences[r] = values[r] - reference[r];
  return estimate_mean(differences, difference_range(range));
}

double sample_quantile(std::span<const double> sorted, double p) {
  BANDITSIM_CHECK(p > 0 && p < 1, "a quantile level must be in (0, 1)");
  if (sorted.empty()) return kNaN;
  const double h = static_cast<double>(sorted.size() - 1) * p;
  const auto j = static_cast<std::size_t>(std::floor(h));
  const double g = h - static_cast<double>(j);
  const double low = sorted[j];
  if (g == 0 || j + 1 >= sorted.size()) return low;
  const double high = sorted[j + 1];
  if (low == high) return low;  // also keeps inf - inf out
  const double value = low + g * (high - low);
  return value < low ? low : (value > high ? high : value);  // no rounding past a neighbour
}

QuantileRanks quantile_ranks(std::size_t n, double p, double alpha) {
  BANDITSIM_CHECK(p > 0 && p < 1, "a quantile level must be in (0, 1)");
  // Binomial(n, p) probabilities up to a common factor: 1 at a start near the mode
  // (the largest), then the pmf ratios outward. Only + - * / of doubles, in a fixed
  // order, so the result is the same bits everywhere (analysis/stats.py repeats it).
  const double up = p / (1 - p);    // pmf(k + 1) / pmf(k) = (n - k) / (k + 1) * up
  const double down = (1 - p) / p;  // pmf(k - 1) / pmf(k) = k / (n - k + 1) * down
  const auto start =
      std::min(n, static_cast<std::size_t>(std::floor(static_cast<double>(n + 1) * p)));
  std::vector<double> weight(n + 1, 0.0);
  weight[start] = 1;
  for (std::size_t k = start; k < n; ++k)
    weight[k + 1] = weight[k] * (static_cast<double>(n - k) / static_cast<double>(k + 1)) * up;
  for (std::size_t k = start; k > 0; --k)
    weight[k - 1] = weight[k] * (static_cast<double>(k) / static_cast<double>(n - k + 1)) * down;
  double total = 0;
  for (double w : weight) total += w;
  const double tail = alpha / 2 * total;
  QuantileRanks ranks{0, n + 1};
  double below = 0;  // P(B <= k), unnormalised
  for (std::size_t k = 0; k <= n; ++k) {
    below += weight[k];
    if (!(below <= tail)) break;
    ranks.lo = k + 1;
  }
  double above = 0;  // P(B >= k), unnormalised
  for (std::size_t k = n + 1; k-- > 0;) {
    above += weight[k];
    if (!(above <= tail)) break;
    ranks.hi = k;
  }
  return ranks;
}

Estimate estimate_quantile(std::span<const double> sorted, double p, ValidRange range) {
  const std::size_t n = sorted.size();
  const double value = sample_quantile(sorted, p);
  if (n < 2) return {value, {kNaN, kNaN}, n};
  const QuantileRanks ranks = quantile_ranks(n, p);
  const Interval ci{ranks.lo == 0 ? range.min : sorted[ranks.lo - 1],
                    ranks.hi == n + 1 ? range.max : sorted[ranks.hi - 1]};
  return {value, clip(ci, range), n};
}

std::vector<double> without_nan(std::span<const double> values) {
  std::vector<double> kept;
  kept.reserve(values.size());
  for (double x : values)
    if (!std::isnan(x)) kept.push_back(x);
  return kept;
}

}  // namespace banditsim
