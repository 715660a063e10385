#include "agents/causal/ksg_mutual_information.hpp"

#include <algorithm>
#include <cmath>

namespace banditsim::causal {

double digamma(double x) {
  // psi(x) = psi(x + 1) - 1/x until x >= 10, then (Abramowitz & Stegun 6.3.18)
  // psi(x) ~ ln x - 1/(2x) - sum_n B_2n / (2n x^2n).
  double result = 0.0;
  while (x < 10.0) {
    result -= 1.0 / x;
    x += 1.0;
  }
  const double inv = 1.0 / x;
  const double inv2 = inv * inv;
  const double series =
      inv2 * (1.0 / 12 -
              inv2 * (1.0 / 120 -
                      inv2 * (1.0 / 252 -
                              inv2 * (1.0 / 240 - inv2 * (1.0 / 132 - inv2 * (691.0 / 32760))))));
  return result + std::log(x) - 0.5 * inv - series;
}

double KsgMutualInformation::digamma_integer(std::size_t n) {
  if (digamma_table_.size() <= n) {
    constexpr double kEulerGamma = 0.57721566490153286061;
    std::size_t m = digamma_table_.size();
    if (m < 2) {
      digamma_table_.assign(2, 0.0);
      digamma_table_[1] = -kEulerGamma;
      m = 2;
    }
    digamma_table_.resize(n + 1);
    // Summed from psi(1) upwards: psi(m) = psi(m - 1) + 1/(m - 1). Error grows like
    // n * eps, below 1e-13 for n <= 1e3.
    for (; m <= n; ++m)
      digamma_table_[m] = digamma_table_[m - 1] + 1.0 / static_cast<double>(m - 1);
  }
  return digamma_table_[n];
}

double KsgMutualInformation::estimate(std::span<const double> x, std::span<const double> y) {
  const std::size_t m = x.size();
  if (m < 2 || k_ == 0) return 0.0;
  const std::size_t k = std::min(k_, m - 1);
  dx_.resize(m);
  dy_.resize(m);
  d_.resize(m);
  nearest_.resize(k);
  double sum = 0.0;
  for (std::size_t i = 0; i < m; ++i) {
    // The k smallest joint distances to the other points, kept sorted (k is small).
    std::size_t filled = 0;
    for (std::size_t j = 0; j < m; ++j) {
      const double dx = std::fabs(x[j] - x[i]);
      const double dy = std::fabs(y[j] - y[i]);
      const double d = std::max(dx, dy);
      dx_[j] = dx;
      dy_[j] = dy;
      d_[j] = d;
      if (j == i) continue;
      if (filled < k) {
        std::size_t pos = filled++;
        while (pos > 0 && nearest_[pos - 1] > d) {
          nearest_[pos] = nearest_[pos - 1];
          --pos;
        }
        nearest_[pos] = d;
      } else if (d < nearest_[k - 1]) {
        std::size_t pos = k - 1;
        while (pos > 0 && nearest_[pos - 1] > d) {
          nearest_[pos] = nearest_[pos - 1];
          --pos;
        }
        nearest_[pos] = d;
      }
    }
    const double kth = nearest_[k - 1];
    double ex = 0.0, ey = 0.0;
    for (std::size_t j = 0; j < m; ++j) {
      if (j == i || d_[j] > kth) continue;
      ex = std::max(ex, dx_[j]);
      ey = std::max(ey, dy_[j]);
    }
    std::size_t nx = 0, ny = 0;
    for (std::size_t j = 0; j < m; ++j) {
      if (j == i) continue;
      nx += dx_[j] <= ex;
      ny += dy_[j] <= ey;
    }
    sum += digamma_integer(nx) + digamma_integer(ny);
  }
  return digamma_integer(k) - 1.0 / static_cast<double>(k) - sum / static_cast<double>(m) +
         digamma_integer(m);
}

}  // namespace banditsim::causal
