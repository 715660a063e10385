#include <doctest/doctest.h>

#include <cmath>

#include "envs/bandit/all.hpp"
#include "envs/bandit/gaussian_arms.hpp"
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

TEST_CASE("gaussian: means and noise levels and problem()") {
  GaussianArms env({.means = {0.5, -1.0, 2.0}, .sd = 0.25});
  CHECK(env.num_arms() == 3);
  CHECK(env.mean(1) == -1.0);
  for (std::size_t a = 0; a < 3; ++a) CHECK(env.sd(a) == 0.25);
  const BanditProblem problem = env.problem();
  CHECK(problem.num_arms == 3);
  CHECK(problem.dim == 0);
  CHECK(problem.features.empty());
  CHECK(std::isinf(problem.reward_min));
  CHECK(problem.reward_min < 0);
  CHECK(std::isinf(problem.reward_max));
  CHECK(problem.reward_max > 0);

  GaussianArms per_arm({.means = {0.0, 1.0}, .sd = 5.0, .sds = {0.1, 3.0}});
  CHECK(per_arm.sd(0) == 0.1);
  CHECK(per_arm.sd(1) == 3.0);
}

TEST_CASE("gaussian: sds must have one value per arm") {
  CHECK(config_error_key([] { GaussianArms({.means = {0.0, 1.0}, .sds = {1.0}}); }) == "sds");
  CHECK(config_error_key([] {
          GaussianArms({.means = {0.0, 1.0}, .sds = {1.0, 2.0, 3.0}});
        }) == "sds");
}

TEST_CASE("gaussian: reward n of arm a is mean + sd * (normal n of sub-stream a)") {
  GaussianArms env({.means = {0.5, -1.0}, .sds = {2.0, 0.5}});
  env.start_rewards(99);
  for (std::size_t a = 0; a < 2; ++a) {
    Rng stream(substream_seed(99, a));
    for (int n = 0; n < 100; ++n)
      CHECK(env.pull(a) == env.mean(a) + env.sd(a) * standard_normal(stream));
  }
}

TEST_CASE("gaussian: common random numbers and draw_instance changes nothing") {
  GaussianArms env({.means = {0.1, 0.2, 0.3, 0.4}, .sd = 1.0});
  check_common_random_numbers(env, 5);
  env.start_rewards(5);
  const double first = env.pull(2);
  Rng rng(1);
  env.draw_instance(rng);
  env.start_rewards(5);
  CHECK(env.pull(2) == first);
  CHECK(env.mean(2) == 0.3);
}

TEST_CASE("gaussian: built by name from parameters with defaults") {
  const ComponentInfo& info = find_info(BanditEnvironmentFactory::infos(), "gaussian");
  ParamMap values;
  values.set("means", RealList{1.0, 2.0});
  auto env = BanditEnvironmentFactory::make("gaussian", with_defaults(info, values));
  REQUIRE(std::holds_alternative<GaussianArms>(env));
  const auto& gaussian = std::get<GaussianArms>(env);
  CHECK(gaussian.num_arms() == 2);
  CHECK(gaussian.sd(0) == 1.0);
  CHECK(gaussian.sd(1) == 1.0);
}
