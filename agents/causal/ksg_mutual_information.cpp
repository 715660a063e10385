#include "agents/causal/ksg_mutual_information.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

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

std::size_t KsgMutualInformation::count_within(std::span<const double> sorted, double centre,
                                               double radius) {
  // #{j != i : |v_j - centre| <= radius}, with |v - c| computed as the brute force
  // does. fl(v - c) is monotone in v and fl(c - v) = -fl(v - c), so the points
  // within the radius are one run of the sorted values: two binary searches give
  // exactly the brute-force count (i itself is in the run, hence - 1).
  const auto first = std::partition_point(
      sorted.begin(), sorted.end(), [&](double v) { return v < centre && centre - v > radius; });
  const auto last = std::partition_point(
      first, sorted.end(), [&](double v) { return !(v > centre && v - centre > radius); });
  return static_cast<std::size_t>(last - first) - 1;
}

double KsgMutualInformation::estimate(std::span<const double> x, std::span<const double> y) {
  const std::size_t m = x.size();
  if (m < 2 || k_ == 0) return 0.0;
  const std::size_t k = std::min(k_, m - 1);
  dx_.resize(m);
  dy_.resize(m);
  d_.resize(m);
  nearest_.resize(k);
  sorted_x_.assign(x.begin(), x.end());
  sorted_y_.assign(y.begin(), y.end());
  std::sort(sorted_x_.begin(), sorted_x_.end());
  std::sort(sorted_y_.begin(), sorted_y_.end());
  double sum = 0.0;
  constexpr double kInf = std::numeric_limits<double>::infinity();
  double* const dx = dx_.data();
  double* const dy = dy_.data();
  double* const d = d_.data();
  double* const nearest = nearest_.data();
  for (std::size_t i = 0; i < m; ++i) {
    const double xi = x[i], yi = y[i];
    // Distances to every point (a branch-free loop the compiler vectorises).
    for (std::size_t j = 0; j < m; ++j) {
      dx[j] = std::fabs(x[j] - xi);
      dy[j] = std::fabs(y[j] - yi);
      d[j] = std::max(dx[j], dy[j]);
    }
    d[i] = kInf;  // not its own neighbour
    // The k-th smallest joint distance: the k smallest kept sorted (k is small).
    for (std::size_t r = 0; r < k; ++r) nearest[r] = kInf;
    for (std::size_t j = 0; j < m; ++j) {
      const double dj = d[j];
      if (!(dj < nearest[k - 1])) continue;
      std::size_t pos = k - 1;
      while (pos > 0 && nearest[pos - 1] > dj) {
        nearest[pos] = nearest[pos - 1];
        --pos;
      }
      nearest[pos] = dj;
    }
    const double kth = nearest[k - 1];
    // Extents over the neighbour set: every point within the k-th distance (ties join).
    double ex = 0.0, ey = 0.0;
    for (std::size_t j = 0; j < m; ++j) {
      const bool in = d[j] <= kth;
      ex = std::max(ex, in ? dx[j] : 0.0);
      ey = std::max(ey, in ? dy[j] : 0.0);
    }
    const std::size_t nx = count_within(sorted_x_, x[i], ex);
    const std::size_t ny = count_within(sorted_y_, y[i], ey);
    sum += digamma_integer(nx) + digamma_integer(ny);
  }
  return digamma_integer(k) - 1.0 / static_cast<double>(k) - sum / static_cast<double>(m) +
         digamma_integer(m);
}

}  // namespace banditsim::causal
