// Digamma and the KSG mutual-information estimator 2 (agents/causal/
// ksg_mutual_information.hpp; spec A.4.1, P-A7): closed forms and a hand count.
// The statistical checks (independent and correlated Gaussians, spec A.9-5) are
// in tests/statistical/test_csl_statistical.cpp.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

#include "agents/causal/ksg_mutual_information.hpp"
#include "sim/core/rng.hpp"

using namespace banditsim;
using namespace banditsim::causal;

namespace {
constexpr double kEulerGamma = 0.57721566490153286061;

// The estimator written directly from its definition (sort every row), for comparison.
double naive_ksg(const std::vector<double>& x, const std::vector<double>& y, std::size_t k) {
  const std::size_t m = x.size();
  auto psi = [](std::size_t n) {
    double s = -kEulerGamma;
    for (std::size_t j = 1; j < n; ++j) s += 1.0 / double(j);
    return s;
  };
  double sum = 0.0;
  for (std::size_t i = 0; i < m; ++i) {
    std::vector<double> d;
    for (std::size_t j = 0; j < m; ++j)
      if (j != i) d.push_back(std::max(std::fabs(x[i] - x[j]), std::fabs(y[i] - y[j])));
    std::sort(d.begin(), d.end());
    const double kth = d[k - 1];
    double ex = 0, ey = 0;
    for (std::size_t j = 0; j < m; ++j)
      if (j != i && std::max(std::fabs(x[i] - x[j]), std::fabs(y[i] - y[j])) <= kth) {
        ex = std::max(ex, std::fabs(x[i] - x[j]));
        ey = std::max(ey, std::fabs(y[i] - y[j]));
      }
    std::size_t nx = 0, ny = 0;
    for (std::size_t j = 0; j < m; ++j)
      if (j != i) {
        nx += std::fabs(x[i] - x[j]) <= ex;
        ny += std::fabs(y[i] - y[j]) <= ey;
      }
    sum += psi(nx) + psi(ny);
  }
  return psi(k) - 1.0 / double(k) - sum / double(m) + psi(m);
}
}  // namespace

TEST_CASE("csl digamma matches closed forms") {
  // psi(1) = -gamma, psi(1/2) = -gamma - 2 ln 2, psi(n) = H_{n-1} - gamma,
  // psi(x + 1) = psi(x) + 1/x (Abramowitz & Stegun 6.3.2, 6.3.3, 6.3.5).
  CHECK(std::fabs(digamma(1.0) + kEulerGamma) <= 1e-14);
  CHECK(std::fabs(digamma(0.5) + kEulerGamma + 2.0 * std::numbers::ln2) <= 1e-14);
  double harmonic = 0.0;
  for (int n = 1; n <= 200; ++n) {
    CHECK(std::fabs(digamma(double(n)) - (harmonic - kEulerGamma)) <= 1e-13);
    harmonic += 1.0 / n;
  }
  for (double x : {0.1, 0.7, 2.5, 5.9, 6.0, 13.3, 1e4})
    CHECK(std::fabs(digamma(x + 1.0) - digamma(x) - 1.0 / x) <= 1e-13 * (1.0 + 1.0 / x));
}

TEST_CASE("csl ksg on four collinear points equals the hand count") {
  // x = y = 0, 1, 2, 3 with k = 1: the end points have one neighbour at distance 1
  // (nx = ny = 1); the inner points have two tied at distance 1 (both join: nx =
  // ny = 2). I = psi(1) - 1 - (2 psi(1) + 2 psi(2) + 2 psi(2) + 2 psi(1)) / 4 + psi(4)
  //   = -1 + psi(4) - psi(2) = -1 + 1/2 + 1/3 = -1/6.
  KsgMutualInformation ksg(1);
  const std::vector<double> v{0, 1, 2, 3};
  CHECK(std::fabs(ksg.estimate(v, v) - (-1.0 / 6.0)) <= 1e-14);
}

TEST_CASE("csl ksg equals its definition, with ties, for several k") {
  Rng rng(8);
  for (std::size_t k : {1U, 3U, 5U}) {
    std::vector<double> x(60), y(60);
    for (std::size_t i = 0; i < x.size(); ++i) {
      // Integer-valued so that distances tie often.
      x[i] = double(uniform_index(rng, 7));
      y[i] = double(uniform_index(rng, 5)) + (i % 3 == 0 ? x[i] : 0.0);
    }
    KsgMutualInformation ksg(k);
    CHECK(std::fabs(ksg.estimate(x, y) - naive_ksg(x, y, k)) <= 1e-12);
    CHECK(std::fabs(ksg.estimate(x, y) - ksg.estimate(y, x)) <= 1e-12);  // symmetric
  }
}

TEST_CASE("csl ksg with fewer than k + 1 points lowers k, and 0 or 1 point gives 0") {
  KsgMutualInformation ksg(5);
  const std::vector<double> x{0.0, 1.0, 3.0}, y{0.5, -1.0, 2.0};
  CHECK(std::fabs(ksg.estimate(x, y) - naive_ksg(x, y, 2)) <= 1e-14);
  CHECK(ksg.estimate(std::vector<double>{1.0}, std::vector<double>{2.0}) == 0.0);
  CHECK(ksg.estimate(std::vector<double>{}, std::vector<double>{}) == 0.0);
}
