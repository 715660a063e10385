// Unit tests of AboveThreshold (agents/privacy/above_threshold.hpp), spec papers-dp.md §2.7
// U7: it halts at most once, its noise draws and scales, and the exact pointwise privacy
// loss of its output for adjacent query vectors, from the output distribution by quadrature
// (above_threshold_distribution.hpp), with a check that halved noise scales fail it. Its
// accuracy and the quadrature against simulation: tests/statistical/test_privacy_statistical.cpp.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <vector>

#include "agents/privacy/above_threshold.hpp"
#include "agents/privacy/above_threshold_distribution.hpp"
#include "agents/privacy/laplace.hpp"
#include "sim/core/check.hpp"
#include "sim/core/rng.hpp"

using namespace banditsim;
using privacy::AboveThreshold;

namespace {

/// The largest |ln P_q(o) / P_q'(o)| over the outputs o (top at 1..k, or none), for the
/// budget `epsilon0` (a doubled budget is the same mechanism with halved noise scales).
double worst_loss(const std::vector<double>& q, const std::vector<double>& q_prime,
                  double threshold, double epsilon0) {
  const std::vector<double> p = privacy::above_threshold_distribution(q, threshold, epsilon0);
  const std::vector<double> p_prime =
      privacy::above_threshold_distribution(q_prime, threshold, epsilon0);
  double worst = 0.0;
  for (std::size_t o = 0; o < p.size(); ++o)
    worst = std::max(worst, std::fabs(std::log(p[o] / p_prime[o])));
  return worst;
}

/// m queries at a (answered bottom) then one at c; the neighbour moves the m up by 1 and
/// the last down by 1 (|q_i - q'_i| <= 1): the output "m bottoms, then top" is the one whose
/// probability moves most (rho shifted by 1 costs eps0/2, nu of the top query by 2 another
/// eps0/2).
struct Adjacent {
  std::vector<double> q;
  std::vector<double> q_prime;
};
Adjacent bottoms_then_top(int m, double a, double c) {
  Adjacent pair{std::vector<double>(m, a), std::vector<double>(m, a + 1.0)};
  pair.q.push_back(c);
  pair.q_prime.push_back(c - 1.0);
  return pair;
}

}  // namespace

TEST_CASE("privacy: AboveThreshold answers top at most once, then halts") {
  Rng noise(1);
  AboveThreshold above;
  CHECK(above.halted());  // not reset yet
  CHECK_THROWS_AS(above.query(0.0, noise), InternalError);
  for (int run = 0; run < 200; ++run) {
    above.reset(5.0, 0.5, noise);
    CHECK_FALSE(above.halted());
    int tops = 0;
    for (int i = 0; i < 1000 && !above.halted(); ++i) tops += above.query(0.01 * i, noise) ? 1 : 0;
    CHECK(tops == (above.halted() ? 1 : 0));
    if (above.halted()) CHECK_THROWS_AS(above.query(100.0, noise), InternalError);
  }
}

TEST_CASE("privacy: AboveThreshold draws rho once at reset and nu per query with its scales") {
  Rng noise(2);
  Rng replay = noise;
  AboveThreshold above;
  above.reset(1.0, 0.8, noise, 2.0);
  CHECK(above.threshold_scale() == doctest::Approx(2 * 2.0 / 0.8));
  CHECK(above.query_scale() == doctest::Approx(4 * 2.0 / 0.8));
  const double rho = privacy::laplace(replay, 2 * 2.0 / 0.8);
  CHECK(noise == replay);
  // Replaying the draws predicts every answer.
  for (int i = 0; i < 50 && !above.halted(); ++i) {
    const double q = -3.0 + 0.2 * i;
    const bool expected = q + privacy::laplace(replay, 4 * 2.0 / 0.8) >= 1.0 + rho;
    CHECK(above.query(q, noise) == expected);
    CHECK(noise == replay);
    CHECK(above.queries() == i + 1);
  }
}

TEST_CASE("privacy: AboveThreshold with eps0 = inf is the exact test and draws nothing") {
  Rng noise(3);
  const Rng untouched = noise;
  AboveThreshold above;
  above.reset(2.0, privacy::kNoPrivacy, noise);
  CHECK_FALSE(above.query(1.999, noise));
  CHECK_FALSE(above.query(-5.0, noise));
  CHECK(above.query(2.0, noise));
  CHECK(above.halted());
  CHECK(above.queries() == 3);
  CHECK(noise == untouched);
  CHECK_THROWS_AS(above.reset(2.0, 0.0, noise), ConfigError);
  CHECK_THROWS_AS(above.reset(2.0, 1.0, noise, -1.0), ConfigError);
}

TEST_CASE(
    "privacy: AboveThreshold accuracy alpha is 8 delta times ln k plus ln 2 over beta over eps0") {
  // Dwork & Roth 2014, Theorem 3.24: alpha = 8 (ln k + ln(2/beta)) / eps0.
  CHECK(AboveThreshold::accuracy(1000, 0.05, 1.0) ==
        doctest::Approx(8.0 * (std::log(1000.0) + std::log(40.0))));
  CHECK(AboveThreshold::accuracy(10, 0.1, 0.5, 2.0) ==
        doctest::Approx(2.0 * 8.0 * (std::log(10.0) + std::log(20.0)) / 0.5));
}

TEST_CASE("privacy: AboveThreshold distribution by quadrature sums to 1 and has the closed form") {
  // One query q: top iff nu - rho >= tau - q = c, nu ~ Lap(a), rho ~ Lap(b), a = 4/eps0,
  // b = 2/eps0. The survival of the sum of two Laplaces with a != b is, for c >= 0,
  // (a^2 e^{-c/a} - b^2 e^{-c/b}) / (2 (a^2 - b^2)) (from the density
  // (a e^{-|z|/a} - b e^{-|z|/b}) / (2 (a^2 - b^2)), whose characteristic function is the
  // product 1/((1 + a^2 w^2)(1 + b^2 w^2))).
  const double epsilon0 = 0.7;
  const double a = 4 / epsilon0;
  const double b = 2 / epsilon0;
  for (const double c : {0.0, 0.5, 3.0, 20.0}) {
    const std::vector<double> q = {1.0 - c};
    const std::vector<double> p = privacy::above_threshold_distribution(q, 1.0, epsilon0);
    const double exact =
        (a * a * std::exp(-c / a) - b * b * std::exp(-c / b)) / (2 * (a * a - b * b));
    CHECK(p[0] == doctest::Approx(exact).epsilon(1e-10));
    CHECK(p[0] + p[1] == doctest::Approx(1.0).epsilon(1e-12));
  }
  const std::vector<double> many = {-2.0, 1.0, 0.0, 3.0, -1.0, 2.0};
  const std::vector<double> p = privacy::above_threshold_distribution(many, 2.0, 1.0);
  CHECK(std::accumulate(p.begin(), p.end(), 0.0) == doctest::Approx(1.0).epsilon(1e-12));
}

TEST_CASE(
    "privacy: AboveThreshold U7 pointwise privacy loss for adjacent queries is at most eps0") {
  // Every output's log ratio between adjacent query vectors (|q_i - q'_i| <= 1) is <= eps0.
  // Rounding of the quadrature is far below the 1e-6 allowed.
  const double epsilon0 = 1.0;
  const double threshold = 0.0;
  Rng data(4);
  for (int trial = 0; trial < 200; ++trial) {
    const std::size_t k = 1 + uniform_index(data, 8);
    std::vector<double> q(k);
    std::vector<double> q_prime(k);
    for (std::size_t i = 0; i < k; ++i) {
      q[i] = -12.0 + 24.0 * uniform01(data);
      q_prime[i] = q[i] + (2.0 * uniform01(data) - 1.0);
    }
    CHECK(worst_loss(q, q_prime, threshold, epsilon0) <= epsilon0 + 1e-6);
  }
  for (const double epsilon : {0.3, 1.0, 4.0}) {
    const Adjacent pair = bottoms_then_top(3, 4.0 / epsilon, -8.0 / epsilon);
    CHECK(worst_loss(pair.q, pair.q_prime, threshold, epsilon) <= epsilon + 1e-6);
  }
}

TEST_CASE(
    "privacy: AboveThreshold U7 audit has teeth, the worst case nears eps0 and halved scales "
    "fail") {
  // Five bottoms at 10 then a top at 0 (threshold 0, eps0 = 1): the loss is 0.9995 eps0,
  // probabilities 1.6e-5 and 5.7e-6; with the noise scales halved (the budget doubled) the
  // same pair has a loss of 2.0 eps0. Three bottoms at 4 then a top at -8: 0.879 eps0 and
  // 1.84 eps0, with probabilities near 1e-3.
  const double epsilon0 = 1.0;
  const Adjacent near = bottoms_then_top(5, 10.0, 0.0);
  const double loss = worst_loss(near.q, near.q_prime, 0.0, epsilon0);
  CHECK(loss <= epsilon0 + 1e-6);
  CHECK(loss >= 0.999 * epsilon0);
  CHECK(worst_loss(near.q, near.q_prime, 0.0, 2 * epsilon0) > 1.9 * epsilon0);
  const Adjacent moderate = bottoms_then_top(3, 4.0, -8.0);
  CHECK(worst_loss(moderate.q, moderate.q_prime, 0.0, epsilon0) ==
        doctest::Approx(0.8794).epsilon(1e-3));
  CHECK(worst_loss(moderate.q, moderate.q_prime, 0.0, 2 * epsilon0) > 1.8 * epsilon0);
}
