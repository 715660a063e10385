#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "envs/bandit/all.hpp"
#include "envs/bandit/bernoulli_arms.hpp"
#include "envs/bandit/linear_arms.hpp"
#include "envs/bandit/unit_sphere.hpp"
#include "sim/core/distributions.hpp"
#include "tests/support/common_random_numbers.hpp"
#include "tests/support/config_error_key.hpp"
#include "tests/support/param_defaults.hpp"

using namespace banditsim;
using namespace banditsim::bandit;
using banditsim::testing::check_common_random_numbers;
using banditsim::testing::config_error_key;
using banditsim::testing::find_info;
using banditsim::testing::with_defaults;
using ArmSet = LinearArms::ArmSet;
using Noise = LinearArms::Noise;

namespace {

std::vector<double> copy(std::span<const double> values) { return {values.begin(), values.end()}; }

double norm(std::span<const double> x) {
  double sum = 0.0;
  for (const double xi : x) sum += xi * xi;
  return std::sqrt(sum);
}

/// Checks mean(a) == <x_a, theta> (same summation order, so exactly).
void check_means_are_inner_products(const LinearArms& env) {
  const std::size_t d = env.dim();
  for (std::size_t a = 0; a < env.num_arms(); ++a) {
    double m = 0.0;
    for (std::size_t j = 0; j < d; ++j) m += env.features()[a * d + j] * env.theta()[j];
    CHECK(env.mean(a) == m);
  }
}

LinearArms::Config sphere_config(bool redraw, std::int64_t instance_seed = 0) {
  return {.arm_set = ArmSet::kSphere,
          .dim = 3,
          .num_arms = 6,
          .theta_scale = 2.0,
          .redraw = redraw,
          .instance_seed = instance_seed};
}

}  // namespace

TEST_CASE("linear given features: means and problem() and gaussian rewards") {
  LinearArms env(
      {.features = {{1.0, 0.0}, {0.0, 1.0}, {0.8, 0.2}}, .theta = {0.7, 0.4}, .noise_sd = 0.5});
  CHECK(env.num_arms() == 3);
  CHECK(env.dim() == 2);
  CHECK(env.mean(0) == 0.7);
  CHECK(env.mean(1) == 0.4);
  CHECK(env.mean(2) == doctest::Approx(0.64).epsilon(1e-15));
  check_means_are_inner_products(env);

  const BanditProblem problem = env.problem();
  CHECK(problem.num_arms == 3);
  CHECK(problem.dim == 2);
  REQUIRE(problem.features.size() == 6);
  CHECK(problem.features.data() == env.features().data());  // owned by the environment
  CHECK(problem.feature(2, 0) == 0.8);
  CHECK(problem.feature(2, 1) == 0.2);
  CHECK(std::isinf(problem.reward_min));
  CHECK(std::isinf(problem.reward_max));

  env.start_rewards(17);
  for (std::size_t a = 0; a < 3; ++a) {
    Rng stream(substream_seed(17, a));
    for (int n = 0; n < 50; ++n) CHECK(env.pull(a) == env.mean(a) + 0.5 * standard_normal(stream));
  }
  check_common_random_numbers(env, 17);
}

TEST_CASE("linear: inconsistent shapes are rejected with the key named") {
  const RealMatrix features = {{1.0, 0.0}, {0.0, 1.0}};
  CHECK(config_error_key([&] { LinearArms({.features = features, .dim = 3}); }) == "dim");
  CHECK(config_error_key([&] { LinearArms({.features = features, .dim = 2}); }) ==
        "<no ConfigError>");
  CHECK(config_error_key([&] { LinearArms({.features = features, .num_arms = 3}); }) == "num_arms");
  CHECK(config_error_key([&] { LinearArms({.features = features, .theta = {1.0}}); }) == "theta");
  CHECK(config_error_key([] { LinearArms({.features = {{1.0, 0.0}, {1.0}}}); }) == "features");
  CHECK(config_error_key([] { LinearArms(LinearArms::Config{}); }) ==
        "features");  // given, but no features
  CHECK(config_error_key([&] {
          LinearArms({.arm_set = ArmSet::kSphere, .features = features, .dim = 2, .num_arms = 2});
        }) == "features");
  CHECK(config_error_key([] { LinearArms({.arm_set = ArmSet::kSphere, .num_arms = 4}); }) == "dim");
  CHECK(config_error_key([] { LinearArms({.arm_set = ArmSet::kSphere, .dim = 3}); }) == "num_arms");
  CHECK(config_error_key([] {
          LinearArms({.arm_set = ArmSet::kBasisConfusers, .dim = 3, .confusers = 3});
        }) == "confusers");
  CHECK(config_error_key([] {
          LinearArms({.arm_set = ArmSet::kBasisConfusers, .dim = 3, .num_arms = 3});
        }) == "num_arms");
}

TEST_CASE("linear basis_confusers: the geometry is exact") {
  const double w = 0.3;
  LinearArms env({.arm_set = ArmSet::kBasisConfusers,
                  .dim = 4,
                  .theta_scale = 0.9,
                  .confusers = 2,
                  .confuser_angle = w});
  REQUIRE(env.num_arms() == 6);
  REQUIRE(env.dim() == 4);
  const auto x = env.features();
  for (std::size_t i = 0; i < 4; ++i)
    for (std::size_t j = 0; j < 4; ++j) CHECK(x[i * 4 + j] == (i == j ? 1.0 : 0.0));
  const std::vector<double> confuser1 = {std::cos(w), std::sin(w), 0.0, 0.0};
  const std::vector<double> confuser2 = {std::cos(w), 0.0, std::sin(w), 0.0};
  CHECK(copy(x.subspan(16, 4)) == confuser1);
  CHECK(copy(x.subspan(20, 4)) == confuser2);
  CHECK(copy(env.theta()) == std::vector<double>{0.9, 0.0, 0.0, 0.0});
  check_means_are_inner_products(env);
  CHECK(env.mean(0) == 0.9);
  for (std::size_t a = 1; a < 4; ++a) CHECK(env.mean(a) == 0.0);
  CHECK(env.mean(4) == 0.9 * std::cos(w));
  CHECK(env.mean(5) == 0.9 * std::cos(w));

  // The one-confuser case is instance C of shared/specs/papers-dp.md §1.8.3:
  // mu = 0.9, 0, 0, 0, 0.8598 (gap 0.0402).
  LinearArms soare({.arm_set = ArmSet::kBasisConfusers,
                    .dim = 4,
                    .theta_scale = 0.9,
                    .confuser_angle = 0.3,
                    .noise = Noise::kBernoulli});
  REQUIRE(soare.num_arms() == 5);
  CHECK(soare.mean(4) == doctest::Approx(0.8598).epsilon(1e-4));
  CHECK(soare.mean(0) - soare.mean(4) == doctest::Approx(0.0402).epsilon(1e-3));

  // A given theta replaces theta_scale e_1.
  LinearArms tilted({.arm_set = ArmSet::kBasisConfusers, .dim = 2, .theta = {1.0, 2.0}});
  CHECK(tilted.mean(1) == 2.0);
}

TEST_CASE("linear sphere: unit rows and |theta| = theta_scale and means = inner products") {
  LinearArms env(sphere_config(false));
  REQUIRE(env.num_arms() == 6);
  REQUIRE(env.dim() == 3);
  for (std::size_t a = 0; a < 6; ++a)
    CHECK(norm(env.features().subspan(a * 3, 3)) == doctest::Approx(1.0).epsilon(1e-14));
  CHECK(norm(env.theta()) == doctest::Approx(2.0).epsilon(1e-14));
  check_means_are_inner_products(env);
  check_common_random_numbers(env, 3);
}

TEST_CASE("linear redraw = false: the instance is a pure function of instance_seed") {
  LinearArms a(sphere_config(false, 5));
  LinearArms b(sphere_config(false, 5));
  const auto features = copy(a.features());
  const auto theta = copy(a.theta());
  CHECK(copy(b.features()) == features);
  CHECK(copy(b.theta()) == theta);

  // Replications pass different instance streams; the instance does not change.
  for (std::uint64_t rep : {0ULL, 7ULL, 3ULL}) {
    Rng rng(stream_seed(1, StreamPurpose::kInstance, 99, rep));
    a.draw_instance(rng);
    CHECK(copy(a.features()) == features);
    CHECK(copy(a.theta()) == theta);
  }

  // The documented derivation: rows then theta from Rng(fixed_instance_seed(seed)).
  Rng rng(LinearArms::fixed_instance_seed(5));
  std::vector<double> expected(3);
  for (std::size_t row = 0; row < 6; ++row) {
    sample_unit_sphere(rng, expected);
    CHECK(copy(a.features().subspan(row * 3, 3)) == expected);
  }
  sample_unit_sphere(rng, expected);
  for (double& t : expected) t *= 2.0;
  CHECK(copy(a.theta()) == expected);

  LinearArms other(sphere_config(false, 6));
  CHECK(copy(other.features()) != features);
}

TEST_CASE("linear redraw = true: each replication's rng gives its own instance in place") {
  LinearArms env(sphere_config(true));
  const double* storage = env.problem().features.data();
  Rng rng1(stream_seed(1, StreamPurpose::kInstance, 99, 0));
  env.draw_instance(rng1);
  const auto features1 = copy(env.features());
  const auto theta1 = copy(env.theta());
  check_means_are_inner_products(env);

  Rng rng2(stream_seed(1, StreamPurpose::kInstance, 99, 1));
  env.draw_instance(rng2);
  CHECK(copy(env.features()) != features1);
  CHECK(copy(env.theta()) != theta1);
  check_means_are_inner_products(env);
  CHECK(env.problem().features.data() == storage);  // overwritten, not reallocated

  Rng again(stream_seed(1, StreamPurpose::kInstance, 99, 0));
  env.draw_instance(again);
  CHECK(copy(env.features()) == features1);
  CHECK(copy(env.theta()) == theta1);
}

TEST_CASE("linear given features without theta: theta uniform on the sphere times theta_scale") {
  LinearArms env({.features = {{1.0, 0.0}, {0.0, 1.0}}, .theta_scale = 3.0});
  CHECK(norm(env.theta()) == doctest::Approx(3.0).epsilon(1e-14));
  CHECK(copy(env.features()) == std::vector<double>{1.0, 0.0, 0.0, 1.0});
  check_means_are_inner_products(env);
}

TEST_CASE("linear bernoulli noise: rewards 1{U < mean} and unit bounds and validated means") {
  const RealMatrix features = {{1.0, 0.0}, {0.0, 1.0}, {0.8, 0.2}, {0.3, 0.9}};
  const RealList theta = {0.7, 0.4};
  LinearArms env({.features = features, .theta = theta, .noise = Noise::kBernoulli});
  const BanditProblem problem = env.problem();
  CHECK(problem.reward_min == 0.0);
  CHECK(problem.reward_max == 1.0);
  CHECK(problem.rewards_in_unit_interval());

  // Same rewards as the K-armed Bernoulli environment with these means.
  RealList means;
  for (std::size_t a = 0; a < env.num_arms(); ++a) means.push_back(env.mean(a));
  BernoulliArms k_armed({.means = means});
  env.start_rewards(8);
  k_armed.start_rewards(8);
  bool same = true;
  for (int n = 0; n < 200; ++n)
    for (std::size_t a = 0; a < env.num_arms(); ++a) same = same && env.pull(a) == k_armed.pull(a);
  CHECK(same);
  check_common_random_numbers(env, 8);

  // Means outside [0, 1] cannot be Bernoulli probabilities.
  CHECK(config_error_key([&] {
          LinearArms({.features = features, .theta = {1.5, 0.0}, .noise = Noise::kBernoulli});
        }) == "noise");
  CHECK(config_error_key([&] {
          LinearArms({.features = features, .theta = {-0.1, 0.5}, .noise = Noise::kBernoulli});
        }) == "noise");
  // Random sphere instances have means symmetric about 0: refused with redraw ...
  CHECK(config_error_key([] {
          auto config = sphere_config(true);
          config.noise = Noise::kBernoulli;
          LinearArms{config};
        }) == "redraw");
  CHECK(config_error_key([&] {
          LinearArms({.features = features, .noise = Noise::kBernoulli, .redraw = true});
        }) == "redraw");
  // ... and a fixed one is checked like any other (this seed's instance has a negative mean).
  CHECK(config_error_key([] {
          auto config = sphere_config(false);
          config.noise = Noise::kBernoulli;
          LinearArms{config};
        }) == "noise");
  // A deterministic instance may be "redrawn" (nothing changes) with Bernoulli noise.
  CHECK(config_error_key([&] {
          LinearArms(
              {.features = features, .theta = theta, .noise = Noise::kBernoulli, .redraw = true});
        }) == "<no ConfigError>");
}

TEST_CASE("linear: built by name from parameters with defaults") {
  const ComponentInfo& info = find_info(BanditEnvironmentFactory::infos(), "linear");
  ParamMap values;
  values.set("arm_set", std::string("basis_confusers"));
  values.set("dim", std::int64_t{3});
  values.set("noise", std::string("bernoulli"));
  values.set("theta_scale", 0.8);
  auto built = BanditEnvironmentFactory::make("linear", with_defaults(info, values));
  REQUIRE(std::holds_alternative<LinearArms>(built));
  const auto& env = std::get<LinearArms>(built);
  CHECK(env.num_arms() == 4);  // e_1, e_2, e_3 and one confuser (the default)
  CHECK(env.mean(3) == 0.8 * std::cos(0.01));
  CHECK(env.problem().reward_max == 1.0);

  ParamMap given;
  given.set("features", RealMatrix{{1.0, 2.0}});
  given.set("theta", RealList{0.5, 0.25});
  auto from_features = BanditEnvironmentFactory::make("linear", with_defaults(info, given));
  CHECK(std::get<LinearArms>(from_features).mean(0) == 1.0);
}
