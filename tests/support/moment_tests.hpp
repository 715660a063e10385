/// @file tests/support/moment_tests.hpp
/// z-tests of a sample mean and variance against their theoretical values.
///
/// For N i.i.d. draws with mean mu, variance s2 and fourth central moment mu4,
///   sample mean:      SE = sqrt(s2 / N),
///   sample variance:  SE = sqrt((mu4 - s2^2 (N - 3) / (N - 1)) / N)   (exact; Casella &
///                     Berger 2002, Statistical Inference, 2nd ed., Exercise 5.8).
/// A check passes if |z| < 5: a correct sampler fails it with probability
/// P(|Z| > 5) = 5.7e-7 (N >= 10^5 makes the normal approximation accurate there).
#pragma once

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <string>

namespace banditsim::testing {

inline constexpr double kMaxAbsZ = 5.0;

/// Mean, variance and fourth central moment of a distribution.
struct TheoreticalMoments {
  double mean = 0.0;
  double variance = 0.0;
  double central4 = 0.0;

  /// From the raw moments E[X], E[X^2], E[X^3], E[X^4].
  static TheoreticalMoments from_raw(double m1, double m2, double m3, double m4) {
    return {m1, m2 - m1 * m1, m4 - 4.0 * m1 * m3 + 6.0 * m1 * m1 * m2 - 3.0 * m1 * m1 * m1 * m1};
  }
  static TheoreticalMoments normal(double mean, double sd) {
    const double v = sd * sd;
    return {mean, v, 3.0 * v * v};
  }
  /// Gamma(k, 1): variance k, fourth central moment 3k(k + 2).
  static TheoreticalMoments gamma(double k) { return {k, k, 3.0 * k * (k + 2.0)}; }
  /// Beta(a, b) from E[X^n] = prod_{r<n} (a + r) / (a + b + r).
  static TheoreticalMoments beta(double a, double b) {
    double raw[5] = {1.0, 0.0, 0.0, 0.0, 0.0};
    for (int n = 1; n <= 4; ++n) raw[n] = raw[n - 1] * (a + n - 1) / (a + b + n - 1);
    return from_raw(raw[1], raw[2], raw[3], raw[4]);
  }
  /// Bernoulli(p): variance p(1-p), fourth central moment p(1-p)(1 - 3p + 3p^2).
  static TheoreticalMoments bernoulli(double p) {
    const double v = p * (1.0 - p);
    return {p, v, v * (1.0 - 3.0 * p + 3.0 * p * p)};
  }
};

/// Running mean and variance (Welford 1962), numerically stable for 10^7+ draws.
class SampleMoments {
 public:
  void add(double x) {
    ++n_;
    const double delta = x - mean_;
    mean_ += delta / static_cast<double>(n_);
    m2_ += delta * (x - mean_);
  }
  std::int64_t count() const { return n_; }
  double mean() const { return mean_; }
  double variance() const { return m2_ / static_cast<double>(n_ - 1); }

 private:
  std::int64_t n_ = 0;
  double mean_ = 0.0;
  double m2_ = 0.0;
};

/// z-tests of the sample mean and variance (two checks, each failing a correct
/// sampler with probability 5.7e-7).
inline void check_moments(const SampleMoments& sample, const TheoreticalMoments& theory,
                          const std::string& what) {
  const auto n = static_cast<double>(sample.count());
  const double z_mean = (sample.mean() - theory.mean) / std::sqrt(theory.variance / n);
  const double var_se =
      std::sqrt((theory.central4 - theory.variance * theory.variance * (n - 3.0) / (n - 1.0)) / n);
  const double z_var = (sample.variance() - theory.variance) / var_se;
  INFO(what << ": mean " << sample.mean() << " vs " << theory.mean << " (z = " << z_mean
            << "), variance " << sample.variance() << " vs " << theory.variance << " (z = " << z_var
            << ")");
  CHECK(std::fabs(z_mean) < kMaxAbsZ);
  CHECK(std::fabs(z_var) < kMaxAbsZ);
}

/// z-test of an observed count against Binomial(n, p) (normal approximation,
/// accurate for n p (1 - p) >= ~50); fails a correct sampler with probability 5.7e-7.
inline void check_binomial_count(std::int64_t count, std::int64_t n, double p,
                                 const std::string& what) {
  const double expected = static_cast<double>(n) * p;
  const double z = (static_cast<double>(count) - expected) / std::sqrt(expected * (1.0 - p));
  INFO(what << ": " << count << " of " << n << ", expected " << expected << " (z = " << z << ")");
  CHECK(std::fabs(z) < kMaxAbsZ);
}

}  // namespace banditsim::testing
