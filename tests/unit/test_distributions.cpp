// Fast, exact checks of the samplers: determinism, golden values, supports, and
// the ziggurat tables. The distributional checks are in
// tests/statistical/test_distributions_statistical.cpp.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

#include "sim/core/distributions.hpp"
#include "sim/core/rng.hpp"
#include "sim/core/ziggurat.hpp"

using namespace banditsim;

namespace {

template <class Sampler>
std::vector<double> first_values(std::uint64_t seed, Sampler sampler, int n = 4) {
  Rng rng(seed);
  std::vector<double> values;
  for (int i = 0; i < n; ++i) values.push_back(static_cast<double>(sampler(rng)));
  return values;
}

/// Golden values are compared to 1e-12 relative rather than bit for bit: they go
/// through libm's log/exp/pow, which may differ in the last bit between C
/// libraries, while any change to a sampler's algorithm changes them completely.
void check_golden(const std::vector<double>& values, const std::vector<double>& golden) {
  REQUIRE(values.size() == golden.size());
  for (std::size_t i = 0; i < golden.size(); ++i)
    CHECK(values[i] == doctest::Approx(golden[i]).epsilon(1e-12));
}

}  // namespace

TEST_CASE("samplers: the first values for seed 42 are pinned") {
  // Computed with this code at the commit that added the test. A change here
  // changes every simulation result: update only on purpose, and say so.
  check_golden(
      first_values(42, [](Rng& r) { return uniform01(r); }),
      {0.083862971059882163, 0.37898025066266861, 0.68004341102813937, 0.92469294532538759});
  check_golden(
      first_values(42, [](Rng& r) { return standard_normal(r); }),
      {-0.059812101231772399, 0.57673329026618403, -1.202950833313013, 1.6357193248238258});
  check_golden(
      first_values(42, [](Rng& r) { return standard_exponential(r); }),
      {2.4785711090585889, 0.97027118432691128, 0.38559864310239067, 0.078293547577221664});
  check_golden(
      first_values(42, [](Rng& r) { return laplace(r, 2.0); }),
      {-3.5708478569972875, -0.55424800753393189, 0.89284554258786519, 3.7860685608537938});
  check_golden(first_values(42, GammaSampler(0.3)), {0.25140496289363284, 1.1522464542701292,
                                                     0.73092624229916925, 0.014305903724043507});
  check_golden(first_values(42, GammaSampler(2.5)),
               {2.0798127492906473, 0.83453357456406418, 4.7893990876273085, 0.71197593787182589});
  check_golden(first_values(42, GammaSampler(1000.0)),
               {997.77674946022694, 962.11268624262834, 1042.5213890901432, 957.01542895319699});
  check_golden(
      first_values(42, BetaSampler(0.5, 2.0)),
      {0.14868265310833506, 0.61810735757881929, 0.25654270062058315, 0.021574232909495297});
  check_golden(first_values(42, [](Rng& r) { return uniform_index(r, 10); }), {0, 3, 6, 9});
}

TEST_CASE("samplers: same seed gives the same sequence and different seeds differ") {
  const auto normal = [](Rng& r) { return standard_normal(r); };
  CHECK(first_values(7, normal, 1000) == first_values(7, normal, 1000));
  CHECK(first_values(7, normal, 10) != first_values(8, normal, 10));
  const GammaSampler gamma(0.3);
  CHECK(first_values(7, gamma, 1000) == first_values(7, gamma, 1000));
  const BetaSampler beta(0.4, 3.0);
  CHECK(first_values(7, beta, 1000) == first_values(7, beta, 1000));
  const auto lap = [](Rng& r) { return laplace(r, 0.5); };
  CHECK(first_values(7, lap, 1000) == first_values(7, lap, 1000));
}

TEST_CASE("samplers: supports") {
  Rng rng(11);
  const GammaSampler small(0.3), large(30.0);
  const BetaSampler beta(0.5, 0.7);
  bool ok = true;
  for (int i = 0; i < 100000; ++i) {
    const double e = standard_exponential(rng);
    const double g1 = small(rng), g2 = large(rng);
    const double b = beta(rng);
    const double z = standard_normal(rng);
    const double l = laplace(rng, 1.0);
    ok = ok && e >= 0 && std::isfinite(e) && g1 >= 0 && std::isfinite(g1) && g2 > 0 &&
         std::isfinite(g2) && b >= 0 && b <= 1 && std::isfinite(z) && std::isfinite(l);
  }
  CHECK(ok);
}

TEST_CASE("GammaSampler and BetaSampler keep their shapes and reject invalid ones") {
  GammaSampler gamma(2.5);
  CHECK(gamma.shape() == 2.5);
  gamma.set_shape(0.3);
  CHECK(gamma.shape() == 0.3);
  CHECK_THROWS_AS(gamma.set_shape(0.0), InternalError);
  CHECK_THROWS_AS(gamma.set_shape(-1.0), InternalError);
  CHECK_THROWS_AS(gamma.set_shape(INFINITY), InternalError);
  BetaSampler beta(0.5, 2.0);
  CHECK(beta.alpha() == 0.5);
  CHECK(beta.beta() == 2.0);
  beta.set(3.0, 4.0);
  CHECK(beta.alpha() == 3.0);
  CHECK(beta.beta() == 4.0);
}

TEST_CASE("ziggurat tables: every layer has area V including the base layer with the tail") {
  // Layer i (2..255) is the rectangle of width x_i (x_255 = r) between heights
  // f(x_i) and f(x_{i-1}), f(x) = exp(-x^2/2): area x_i (f[i-1] - f[i]) = V. Layer 1
  // reaches up to f = 1, and the base, layer 0, is the rectangle r f(r) plus the
  // tail beyond r: both have area V too (Marsaglia & Tsang 2000, §2).
  const auto& z = detail::kZigguratTables;
  const double v = detail::ZigguratTables::kV;
  const double r = detail::ZigguratTables::kR;
  const double two_52 = detail::ZigguratTables::kMantissa;
  for (int i = 2; i < detail::ZigguratTables::kLayers; ++i) {
    const double x = z.w[i] * two_52;
    CHECK(x * (z.f[i - 1] - z.f[i]) == doctest::Approx(v).epsilon(1e-12));
  }
  const double tail = std::sqrt(std::numbers::pi / 2.0) * std::erfc(r / std::sqrt(2.0));
  CHECK(r * std::exp(-0.5 * r * r) + tail == doctest::Approx(v).epsilon(1e-10));
  const double x1 = z.w[1] * two_52;
  CHECK(x1 * (1.0 - z.f[1]) == doctest::Approx(v).epsilon(1e-9));
  // Fast-path thresholds: k_i / 2^52 = x_{i-1} / x_i < 1 for the inner layers.
  for (int i = 2; i < detail::ZigguratTables::kLayers; ++i) {
    CHECK(z.k[i] > 0);
    CHECK(z.k[i] < static_cast<std::int64_t>(two_52));
  }
}
