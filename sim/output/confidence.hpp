/// @file sim/output/confidence.hpp
/// The statistics `banditsim summary` prints, as small pure functions. The
/// Python analysis package implements the same formulas and a test requires
/// both to agree, so each one is spelled out here:
///
///   mean         m = (1/n) sum x_i                                  (NaN if n = 0)
///   sd           s = sqrt( sum (x_i - m)^2 / (n - 1) )              (NaN if n < 2)
///   normal CI    m -/+ z s / sqrt(n)                                (NaN if n < 2)
///   Wilson CI    (p + z^2/(2n) -/+ z sqrt(p(1-p)/n + z^2/(4n^2))) / (1 + z^2/n),
///                clamped to [0, 1]                                  (NaN if n = 0)
///   paired diff  the normal CI of d_r = x_r - y_r (same replication r)
///   range        a metric's values lie in [a, b] (MetricInfo valid_min/valid_max,
///                infinite ends when unbounded): the normal CI of its mean is
///                clipped to [a, b], that of a paired difference to [a - b, b - a]
///                (the CI's end is replaced by the bound where it crosses it)
///
/// with z = 1.959963984540054 (the 97.5% normal quantile) for 95% intervals.
///
/// Quantiles of the finals (distribution-free):
///
///   quantile     Hyndman & Fan (1996) type 7 (numpy's and R's default): of the
///                sorted x_0 <= ... <= x_{n-1}, with h = (n - 1) p, j = floor(h),
///                g = h - j:  Q(p) = x_j + g (x_{j+1} - x_j)  (x_j when g = 0 or
///                x_j = x_{j+1}), kept within [x_j, x_{j+1}]   (NaN if n = 0)
///   its CI       the order-statistic interval [x_(l), x_(u)] (1-based ranks) with
///                B ~ Binomial(n, p): l the largest rank with P(B <= l - 1) <= 2.5%,
///                u the smallest with P(B >= u) <= 2.5%, so that
///                P(x_(l) <= Q <= x_(u)) >= 1 - P(B <= l-1) - P(B >= u) >= 95% for the
///                population quantile Q of any distribution (ties only raise it).
///                Where no rank qualifies (small n) that end is the metric's
///                bound (valid_min/valid_max, possibly infinite).  (NaN if n < 2)
///                The binomial probabilities are sums of pmf ratios computed
///                outward from the mode with + - * / only, so the ranks are the
///                same bits on every machine (and in the Python package).
///
/// These functions propagate NaN (no value is skipped); the summary drops NaN
/// finals (a declared fill: the metric does not apply) before calling them.
/// The summary reports no interval from fewer than two values, for the Wilson
/// and order-statistic intervals too, so every interval column follows one rule.
#pragma once

#include <cstddef>
#include <limits>
#include <span>
#include <vector>

namespace banditsim {

/// The 0.975 quantile of the standard normal distribution.
inline constexpr double kZ95 = 1.959963984540054;

/// A closed interval; both ends NaN when there is none.
struct Interval {
  double lo;
  double hi;
};

/// The range of valid values of a metric; infinite ends where unbounded.
struct ValidRange {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
};

/// The interval with each end moved inside `range` where it crosses it (NaN ends stay).
Interval clip(Interval interval, ValidRange range);
/// The range of x - y for x, y in `range`: [min - max, max - min].
ValidRange difference_range(ValidRange range);

/// A mean with its 95% confidence interval.
struct Estimate {
  double mean;
  Interval ci;
  std::size_t n;
};

double sample_mean(std::span<const double> values);
/// Sample standard deviation (n - 1 denominator), two-pass.
double sample_sd(std::span<const double> values);

/// mean -/+ z sd / sqrt(n); NaN ends if n < 2.
Interval normal_interval(double mean, double sd, std::size_t n, double z = kZ95);
/// Wilson score interval for a proportion `p` observed in `n` trials (Wilson 1927).
Interval wilson_interval(double p, std::size_t n, double z = kZ95);

/// Mean with its normal interval, clipped to `range`.
Estimate estimate_mean(std::span<const double> values, ValidRange range = {});
/// Mean of 0/1 values with its Wilson interval (none if n < 2).
Estimate estimate_proportion(std::span<const double> values);
/// Mean of values[r] - reference[r] with its normal interval (same length required),
/// clipped to difference_range(range), where `range` is that of the values.
Estimate estimate_paired_difference(std::span<const double> values,
                                    std::span<const double> reference, ValidRange range = {});

/// The type 7 sample quantile of ascending `sorted` values, 0 < p < 1 (see above).
double sample_quantile(std::span<const double> sorted, double p);

/// 1-based ranks of the order statistics bounding the 95% interval of the p-quantile
/// from n values (see above); lo = 0 or hi = n + 1 where no rank qualifies.
struct QuantileRanks {
  std::size_t lo;
  std::size_t hi;
};
QuantileRanks quantile_ranks(std::size_t n, double p, double alpha = 0.05);

/// A p-quantile of `sorted` (ascending, no NaN) with its order-statistic 95% interval,
/// ends beyond the ranks set to the range's bounds; n is the number of values.
Estimate estimate_quantile(std::span<const double> sorted, double p, ValidRange range = {});

/// The values that are not NaN, in order.
std::vector<double> without_nan(std::span<const double> values);

}  // namespace banditsim
