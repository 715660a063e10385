/// @file tests/support/chi_square_test.hpp
/// Pearson chi-square goodness of fit on equiprobable bins. Each draw x is
/// mapped through the exact CDF of the hypothesised distribution, u = F(x)
/// (uniform on [0, 1] under the null, the probability integral transform), and
/// counted in bin floor(u B); the statistic is compared with the 1 - 1e-6
/// quantile of chi-square(B - 1), so a correct sampler fails with probability
/// 1e-6 (Stan Math's distribution tests use the same level).
#pragma once

#include <doctest/doctest.h>

#include <boost/math/distributions/chi_squared.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace banditsim::testing {

inline constexpr double kChiSquareFalseFailure = 1e-6;

class EquiprobableBins {
 public:
  explicit EquiprobableBins(std::size_t bins) : counts_(bins, 0) {}

  /// Counts a value of the CDF, u = F(x) in [0, 1].
  void add_cdf_value(double u) {
    const auto bins = static_cast<double>(counts_.size());
    auto bin = static_cast<std::size_t>(u * bins);
    if (bin >= counts_.size()) bin = counts_.size() - 1;  // u == 1
    ++counts_[bin];
    ++total_;
  }
  /// Counts a category of a discrete uniform distribution on the bins.
  void add_category(std::size_t bin) {
    ++counts_[bin];
    ++total_;
  }

  std::int64_t total() const { return total_; }
  double statistic() const {
    const double expected = static_cast<double>(total_) / static_cast<double>(counts_.size());
    double chi2 = 0.0;
    for (const std::int64_t count : counts_) {
      const double diff = static_cast<double>(count) - expected;
      chi2 += diff * diff / expected;
    }
    return chi2;
  }
  double critical_value() const {
    const boost::math::chi_squared distribution(static_cast<double>(counts_.size() - 1));
    return boost::math::quantile(boost::math::complement(distribution, kChiSquareFalseFailure));
  }

  void check(const std::string& what) const {
    INFO(what << ": chi-square " << statistic() << " on " << counts_.size() - 1
              << " degrees of freedom, critical value " << critical_value() << " (p = 1e-6), "
              << total_ << " draws");
    CHECK(statistic() < critical_value());
  }

 private:
  std::vector<std::int64_t> counts_;
  std::int64_t total_ = 0;
};

}  // namespace banditsim::testing
