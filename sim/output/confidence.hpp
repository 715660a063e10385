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
///
/// with z = 1.959963984540054 (the 97.5% normal quantile) for 95% intervals.
/// NaN values propagate (no value is skipped). The summary reports no interval
/// from fewer than two replications, for the Wilson interval too, so every
/// interval column follows one rule.
#pragma once

#include <cstddef>
#include <span>

namespace banditsim {

/// The 0.975 quantile of the standard normal distribution.
inline constexpr double kZ95 = 1.959963984540054;

/// A closed interval; both ends NaN when there is none.
struct Interval {
  double lo;
  double hi;
};

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

/// Mean with its normal interval.
Estimate estimate_mean(std::span<const double> values);
/// Mean of 0/1 values with its Wilson interval (none if n < 2).
Estimate estimate_proportion(std::span<const double> values);
/// Mean of values[r] - reference[r] with its normal interval (same length required).
Estimate estimate_paired_difference(std::span<const double> values,
                                    std::span<const double> reference);

}  // namespace banditsim
