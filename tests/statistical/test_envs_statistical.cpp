// The reward distributions of the bandit environments, arm by arm, with fixed
// seeds: per arm a mean and a variance z-test (|z| < 5 with N = 10^6 pulls; 5.7e-7
// false-failure rate per check, tests/support/moment_tests.hpp), plus the
// distribution of random linear instances (chi-square at p = 1e-6).
// 51 z-tests and 2 chi-square tests: a correct implementation fails this file
// with probability about 51 * 5.7e-7 + 2 * 1e-6 = 3.1e-5.
#include <doctest/doctest.h>

#include <boost/math/special_functions/beta.hpp>
#include <cmath>
#include <cstdint>
#include <string>

#include "envs/bandit/bernoulli_arms.hpp"
#include "envs/bandit/beta_arms.hpp"
#include "envs/bandit/gaussian_arms.hpp"
#include "envs/bandit/linear_arms.hpp"
#include "sim/core/rng.hpp"
#include "tests/support/chi_square_test.hpp"
#include "tests/support/moment_tests.hpp"

using namespace banditsim;
using namespace banditsim::bandit;
using banditsim::testing::check_binomial_count;
using banditsim::testing::check_moments;
using banditsim::testing::EquiprobableBins;
using banditsim::testing::SampleMoments;
using banditsim::testing::TheoreticalMoments;

namespace {

constexpr std::int64_t kPulls = 1'000'000;

/// Pulls arm `arm` kPulls times (after start_rewards(seed)) and returns the moments;
/// also checks every reward lies in the problem's [reward_min, reward_max].
template <class Env>
SampleMoments pull_arm(Env& env, std::size_t arm, std::uint64_t seed) {
  env.start_rewards(seed);
  const BanditProblem problem = env.problem();
  SampleMoments moments;
  bool in_bounds = true;
  for (std::int64_t n = 0; n < kPulls; ++n) {
    const double reward = env.pull(arm);
    in_bounds = in_bounds && reward >= problem.reward_min && reward <= problem.reward_max;
    moments.add(reward);
  }
  CHECK(in_bounds);
  return moments;
}

std::string arm_label(const char* env, std::size_t arm) {
  return std::string(env) + " arm " + std::to_string(arm);
}

}  // namespace

TEST_CASE("gaussian: reward mean and variance per arm and uncorrelated arm streams") {
  GaussianArms env({.means = {0.5, -1.0, 2.0}, .sds = {1.0, 0.5, 3.0}});
  for (std::size_t a = 0; a < env.num_arms(); ++a)  // 6 z-tests
    check_moments(pull_arm(env, a, 1000 + a), TheoreticalMoments::normal(env.mean(a), env.sd(a)),
                  arm_label("gaussian", a));

  // The n-th rewards of arms 0 and 1 (sub-streams of one seed) are independent:
  // their sample correlation has standard error 1/sqrt(N).
  env.start_rewards(1010);
  double sum01 = 0.0;
  for (std::int64_t n = 0; n < kPulls; ++n)
    sum01 += (env.pull(0) - env.mean(0)) / env.sd(0) * (env.pull(1) - env.mean(1)) / env.sd(1);
  const double z = sum01 / static_cast<double>(kPulls) * std::sqrt(static_cast<double>(kPulls));
  INFO("correlation z = " << z);
  CHECK(std::fabs(z) < testing::kMaxAbsZ);  // 1 z-test
}

TEST_CASE("beta: rewards lie in the unit interval with mean m and variance m(1-m)/(c+1)") {
  std::uint64_t seed = 2000;
  for (const double c : {0.5, 2.0, 20.0}) {
    BetaArms env({.means = {0.1, 0.5, 0.85}, .concentration = c});
    for (std::size_t a = 0; a < env.num_arms(); ++a) {  // 3 x 3 x 2 = 18 z-tests
      const double m = env.mean(a);
      const TheoreticalMoments theory = TheoreticalMoments::beta(m * c, (1.0 - m) * c);
      // The parametrisation's closed forms (Ferrari & Cribari-Neto 2004).
      REQUIRE(theory.mean == doctest::Approx(m).epsilon(1e-14));
      REQUIRE(theory.variance == doctest::Approx(m * (1.0 - m) / (c + 1.0)).epsilon(1e-12));
      check_moments(pull_arm(env, a, ++seed), theory,
                    "beta c = " + std::to_string(c) + ", " + arm_label("arm", a));
    }
  }
}

TEST_CASE("bernoulli: reward mean and variance per arm") {
  BernoulliArms env({.means = {0.05, 0.5, 0.9}});
  for (std::size_t a = 0; a < env.num_arms(); ++a)  // 6 z-tests
    check_moments(pull_arm(env, a, 3000 + a), TheoreticalMoments::bernoulli(env.mean(a)),
                  arm_label("bernoulli", a));
}

TEST_CASE("linear: reward mean and variance per arm with gaussian and bernoulli noise") {
  using ArmSet = LinearArms::ArmSet;
  using Noise = LinearArms::Noise;
  LinearArms gaussian({.arm_set = ArmSet::kBasisConfusers,
                       .dim = 3,
                       .theta_scale = 2.0,
                       .confusers = 2,
                       .confuser_angle = 0.2,
                       .noise_sd = 0.7});
  for (std::size_t a = 0; a < gaussian.num_arms(); ++a)  // 5 x 2 = 10 z-tests
    check_moments(pull_arm(gaussian, a, 4000 + a),
                  TheoreticalMoments::normal(gaussian.mean(a), 0.7),
                  arm_label("linear gaussian", a));

  LinearArms bernoulli({.features = {{1.0, 0.0}, {0.0, 1.0}, {0.8, 0.2}, {0.3, 0.9}},
                        .theta = {0.7, 0.4},
                        .noise = Noise::kBernoulli});
  for (std::size_t a = 0; a < bernoulli.num_arms(); ++a)  // 4 x 2 = 8 z-tests
    check_moments(pull_arm(bernoulli, a, 4100 + a),
                  TheoreticalMoments::bernoulli(bernoulli.mean(a)),
                  arm_label("linear bernoulli", a));
}

TEST_CASE("linear sphere with redraw: arms and theta are uniform on the sphere") {
  // For x uniform on S^{d-1}, x = z/|z| with z standard normal, so
  // x_1^2 = z_1^2 / (z_1^2 + chi^2_{d-1}) ~ Beta(1/2, (d-1)/2), and the sign of x_1
  // is a fair coin. Checked on every arm and on theta/|theta| of 10^5
  // independently drawn instances (d = 5, 4 arms).
  constexpr std::size_t d = 5;
  constexpr std::int64_t instances = 100'000;
  LinearArms env({.arm_set = LinearArms::ArmSet::kSphere,
                  .dim = d,
                  .num_arms = 4,
                  .theta_scale = 3.0,
                  .redraw = true});
  EquiprobableBins arm_bins(50), theta_bins(50);
  std::int64_t arm_positive = 0, theta_positive = 0;
  Rng rng(5000);
  for (std::int64_t i = 0; i < instances; ++i) {
    env.draw_instance(rng);
    for (std::size_t a = 0; a < env.num_arms(); ++a) {
      const double x1 = env.features()[a * d];
      arm_bins.add_cdf_value(boost::math::ibeta(0.5, 0.5 * (d - 1), x1 * x1));
      arm_positive += x1 > 0;
    }
    const double t1 = env.theta()[0] / 3.0;
    theta_bins.add_cdf_value(boost::math::ibeta(0.5, 0.5 * (d - 1), t1 * t1));
    theta_positive += t1 > 0;
  }
  arm_bins.check("x_1^2 of sphere arms");
  theta_bins.check("theta_1^2 / |theta|^2");
  check_binomial_count(arm_positive, arm_bins.total(), 0.5, "sign of x_1");  // 2 z-tests
  check_binomial_count(theta_positive, theta_bins.total(), 0.5, "sign of theta_1");
}
