// The summary's statistics against hand-computed and published values.
#include <doctest/doctest.h>

#include <algorithm>
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

TEST_CASE("normal intervals of bounded metrics are clipped to the range") {
  // 3 of 4 values at the top of [0, 1]: 0.975 -/+ 1.96 * 0.05 / 2 = [0.926, 1.024] unclipped.
  const std::vector<double> rate{1, 1, 1, 0.9};
  const Estimate unbounded = estimate_mean(rate);
  REQUIRE(unbounded.ci.hi > 1);  // the interval the issue reported (best_arm_rate ~ 1.001)
  const Estimate bounded = estimate_mean(rate, {0, 1});
  CHECK(bounded.ci.hi == 1.0);
  CHECK(bounded.ci.lo == unbounded.ci.lo);
  CHECK(bounded.mean == unbounded.mean);
  // A regret >= 0 with a heavy tail: mean 25, sd 50 -> lower end 25 - 49 < 0.
  const Estimate regret = estimate_mean(std::vector<double>{0, 0, 0, 100}, {0, INFINITY});
  CHECK(regret.ci.lo == 0.0);
  CHECK(regret.ci.hi == doctest::Approx(25 + 1.959963984540054 * 50 / 2));
  // Paired differences of values in [0, 1] lie in [-1, 1]: {1, 1, 1, -1} -> 0.5 -/+ 0.98.
  const std::vector<double> x{1, 1, 1, 0}, y{0, 0, 0, 1};
  const Estimate difference = estimate_paired_difference(x, y, {0, 1});
  CHECK(difference.ci.hi == 1.0);
  CHECK(difference.ci.lo == doctest::Approx(0.5 - 1.959963984540054 / 2));
  CHECK(estimate_paired_difference(x, y).ci.hi > 1);
  // Only lower-bounded: differences are unbounded on both sides.
  const ValidRange regret_difference = difference_range({0, INFINITY});
  CHECK((std::isinf(regret_difference.min) && regret_difference.min < 0));
  CHECK((std::isinf(regret_difference.max) && regret_difference.max > 0));
  // NaN ends (no interval) stay NaN.
  CHECK(std::isnan(clip({std::nan(""), std::nan("")}, {0, 1}).lo));
  CHECK(std::isnan(estimate_mean(std::vector<double>{2}, {0, 1}).ci.hi));
}

TEST_CASE("type 7 sample quantile equals numpy.quantile's default") {
  // numpy 1.24 (Debian 12): np.quantile([3, 1, 4, 1, 5, 9, 2, 6], p) for p = 0.1, 0.25,
  // 0.5, 0.75, 0.9 is 1.0, 1.75, 3.5, 5.25, 6.8999999999999995; by hand with h = 7p:
  // x_0 = 1; x_1 + 0.75 (2 - 1); (3 + 4) / 2; 5 + 0.25 (6 - 5); 6 + 0.3 (9 - 6).
  std::vector<double> x{3, 1, 4, 1, 5, 9, 2, 6};
  std::sort(x.begin(), x.end());
  CHECK(sample_quantile(x, 0.1) == 1.0);
  CHECK(sample_quantile(x, 0.25) == 1.75);
  CHECK(sample_quantile(x, 0.5) == 3.5);
  CHECK(sample_quantile(x, 0.75) == 5.25);
  CHECK(sample_quantile(x, 0.9) == doctest::Approx(6.9).epsilon(1e-15));
  // {0.1, 0.3, 0.7}: numpy gives 0.14, 0.3, 0.62.
  const std::vector<double> y{0.1, 0.3, 0.7};
  CHECK(sample_quantile(y, 0.1) == doctest::Approx(0.14).epsilon(1e-15));
  CHECK(sample_quantile(y, 0.5) == 0.3);
  CHECK(sample_quantile(y, 0.9) == doctest::Approx(0.62).epsilon(1e-15));
  CHECK(sample_quantile(std::vector<double>{7}, 0.9) == 7);
  CHECK(std::isnan(sample_quantile(std::vector<double>{}, 0.5)));
  // Equal infinite neighbours: inf, not inf - inf = NaN.
  const double inf = INFINITY;
  CHECK(sample_quantile(std::vector<double>{1, inf, inf}, 0.9) == inf);
  CHECK_THROWS_AS(sample_quantile(x, 1.0), InternalError);
}

TEST_CASE("order-statistic ranks equal exact binomial sums") {
  // Expected ranks from exact rational arithmetic (Python's fractions.Fraction and
  // math.comb, no floating point): lo is the largest l with P(B <= l - 1) <= 1/40, hi the
  // smallest u with P(B >= u) <= 1/40, B ~ Binomial(n, p); 0 and n + 1 where none.
  // n = 10 and n = 6 medians are the classic table entries (x_(2), x_(9)), (x_(1), x_(6)).
  struct Case {
    std::size_t n;
    double p;
    std::size_t lo, hi;
  };
  for (const Case c :
       {Case{3, 0.5, 0, 4}, Case{5, 0.5, 0, 6}, Case{6, 0.5, 1, 6}, Case{10, 0.5, 2, 9},
        Case{20, 0.25, 2, 10}, Case{50, 0.1, 1, 10}, Case{30, 0.1, 0, 8}, Case{200, 0.5, 86, 115},
        Case{200, 0.1, 12, 30}, Case{200, 0.9, 171, 189}, Case{200, 0.25, 38, 63},
        Case{1000, 0.5, 469, 532}}) {
    CAPTURE(c.n);
    CAPTURE(c.p);
    const QuantileRanks ranks = quantile_ranks(c.n, c.p);
    CHECK(ranks.lo == c.lo);
    CHECK(ranks.hi == c.hi);
  }
  // A large n stays finite (the recurrence starts at the mode: no underflow to 0/0).
  const QuantileRanks large = quantile_ranks(100000, 0.5);
  CHECK(large.lo > 49000);
  CHECK(large.lo + large.hi == 100001);  // symmetric for p = 1/2
}

TEST_CASE("quantile estimates: order-statistic interval, range bounds where no rank") {
  std::vector<double> x(10);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<double>(i + 1) * 10;  // 10..100
  const Estimate median = estimate_quantile(x, 0.5, {0, INFINITY});
  CHECK(median.mean == 55);
  CHECK(median.ci.lo == 20);  // x_(2)
  CHECK(median.ci.hi == 90);  // x_(9)
  CHECK(median.n == 10);
  // n = 5: P(B = 0) = 1/32 > 1/40, no rank: the ends are the range's bounds.
  const std::vector<double> five{1, 2, 3, 4, 5};
  const Estimate bounded = estimate_quantile(five, 0.5, {0, 10});
  CHECK(bounded.mean == 3);
  CHECK(bounded.ci.lo == 0);
  CHECK(bounded.ci.hi == 10);
  CHECK(std::isinf(estimate_quantile(five, 0.5).ci.hi));
  CHECK(std::isnan(estimate_quantile(std::vector<double>{4}, 0.5).ci.lo));  // n < 2
  CHECK(std::isnan(estimate_quantile(std::vector<double>{}, 0.5).mean));
  CHECK(without_nan(std::vector<double>{1, std::nan(""), 3}) == std::vector<double>{1, 3});
}
