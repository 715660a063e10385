// The summary's statistics against hand-computed and published values.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "sim/core/check.hpp"
#include "sim/output/confidence.hpp"

using namespace banditsim;

TEST_CASE("sample mean and standard deviation") {
  const std::vector<double> x{1, 2, 3, 4};
  CHECK(sample_mean(x) == 2.5);
  // sqrt((2.25 + 0.25 + 0.25 + 2.25) / 3) = sqrt(5/3)
  CHECK(sample_sd(x) == doctest::Approx(std::sqrt(5.0 / 3.0)).epsilon(1e-15));
  CHECK(std::isnan(sample_mean(std::vector<double>{})));
  CHECK(std::isnan(sample_sd(std::vector<double>{7})));
  CHECK(sample_sd(std::vector<double>{3, 3, 3}) == 0);
}

TEST_CASE("normal interval: mean -/+ z sd / sqrt(n)") {
  // 2.5 -/+ 1.959963984540054 * sqrt(5/3) / 2
  const Interval ci = normal_interval(2.5, std::sqrt(5.0 / 3.0), 4);
  CHECK(ci.lo == doctest::Approx(1.23484868811834).epsilon(1e-13));
  CHECK(ci.hi == doctest::Approx(3.76515131188166).epsilon(1e-13));
  const Interval one = normal_interval(2.5, 1.0, 1);
  CHECK((std::isnan(one.lo) && std::isnan(one.hi)));
}

TEST_CASE("Wilson score interval matches Newcombe (1998), Table II") {
  // Newcombe, Statistics in Medicine 17:857-872, method 3, to 4 decimals.
  struct Case {
    int successes, trials;
    double lo, hi;
  };
  for (const Case c : {Case{81, 263, 0.2553, 0.3662}, Case{15, 148, 0.0624, 0.1605},
                       Case{0, 20, 0.0, 0.1611}, Case{1, 29, 0.0061, 0.1718}}) {
    CAPTURE(c.successes);
    const Interval ci = wilson_interval(double(c.successes) / c.trials, std::size_t(c.trials));
    CHECK(std::round(ci.lo * 1e4) / 1e4 == doctest::Approx(c.lo));
    CHECK(std::round(ci.hi * 1e4) / 1e4 == doctest::Approx(c.hi));
  }
  // Exact ends at p = 0 and p = 1 (no rounding residue).
  CHECK(wilson_interval(0.0, 20).lo == 0.0);
  CHECK(wilson_interval(1.0, 3).hi == 1.0);
  // n = 2000 used to leave a 1e-19 residue from center - half at p = 0.
  CHECK(wilson_interval(0.0, 2000).lo == 0.0);
  CHECK(wilson_interval(1.0, 2000).hi == 1.0);
  // 5 of 10: centre 0.5, half-width z / (1 + z^2/10) * sqrt(0.025 + z^2/400).
  CHECK(wilson_interval(0.5, 10).lo == doctest::Approx(0.236593090512564).epsilon(1e-13));
  CHECK(std::isnan(wilson_interval(0.5, 0).lo));
}

TEST_CASE("estimates: normal, proportion, paired difference") {
  const std::vector<double> a{1, 2, 3}, b{2, 4, 6};
  const Estimate mean = estimate_mean(a);
  CHECK(mean.mean == 2);
  CHECK(mean.n == 3);
  CHECK(mean.ci.lo == doctest::Approx(2 - 1.959963984540054 / std::sqrt(3.0)));
  const Estimate difference = estimate_paired_difference(b, a);  // {1, 2, 3}
  CHECK(difference.mean == 2);
  CHECK(difference.ci.hi == doctest::Approx(mean.ci.hi));
  CHECK_THROWS_AS(estimate_paired_difference(a, std::vector<double>{1}), InternalError);

  const Estimate p = estimate_proportion(std::vector<double>{0, 1, 1});
  CHECK(p.mean == doctest::Approx(2.0 / 3.0));
  CHECK(p.ci.lo == doctest::Approx(0.20765960080204765));
  CHECK(p.ci.hi == doctest::Approx(0.93850805527960368));
  // One replication: no interval for either kind.
  CHECK(std::isnan(estimate_proportion(std::vector<double>{1}).ci.lo));
  CHECK(std::isnan(estimate_mean(std::vector<double>{1}).ci.hi));
  // NaN propagates rather than being skipped.
  CHECK(std::isnan(estimate_mean(std::vector<double>{1, std::nan(""), 3}).mean));
}
