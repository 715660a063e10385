#include <doctest/doctest.h>

#include <cmath>

#include "envs/bandit/all.hpp"
#include "envs/bandit/beta_arms.hpp"
#include "sim/core/distributions.hpp"
#include "tests/support/common_random_numbers.hpp"
#include "tests/support/param_defaults.hpp"

using namespace banditsim;
using namespace banditsim::bandit;
using banditsim::testing::check_common_random_numbers;
using banditsim::testing::find_info;
using banditsim::testing::with_defaults;

TEST_CASE("beta: means and problem()") {
  BetaArms env({.means = {0.2, 0.9}, .concentration = 5.0});
  CHECK(env.num_arms() == 2);
  CHECK(env.mean(0) == 0.2);
  CHECK(env.mean(1) == 0.9);
  const BanditProblem problem = env.problem();
  CHECK(problem.num_arms == 2);
  CHECK(problem.dim == 0);
  CHECK(problem.features.empty());
  CHECK(problem.reward_min == 0.0);
  CHECK(problem.reward_max == 1.0);
  CHECK(problem.rewards_in_unit_interval());
}

TEST_CASE("beta: reward n of arm a is draw n of the arm's Beta sampler on sub-stream a") {
  const double c = 3.0;
  BetaArms env({.means = {0.25, 0.6}, .concentration = c});
  env.start_rewards(7);
  for (std::size_t a = 0; a < 2; ++a) {
    const double m = env.mean(a);
    const BetaSampler beta(m * c, (1.0 - m) * c);
    Rng stream(substream_seed(7, a));
    for (int n = 0; n < 100; ++n) {
      const double reward = env.pull(a);
      CHECK(reward == beta(stream));
      CHECK(reward >= 0.0);
      CHECK(reward <= 1.0);
    }
  }
}

TEST_CASE("beta: common random numbers") {
  BetaArms env({.means = {0.1, 0.5, 0.7}, .concentration = 0.5});
  check_common_random_numbers(env, 11);
}

TEST_CASE("beta: built by name with the default concentration 2") {
  const ComponentInfo& info = find_info(BanditEnvironmentFactory::infos(), "beta");
  ParamMap values;
  values.set("means", RealList{0.3});
  auto env = BanditEnvironmentFactory::make("beta", with_defaults(info, values));
  REQUIRE(std::holds_alternative<BetaArms>(env));
  auto& beta = std::get<BetaArms>(env);
  beta.start_rewards(3);
  const BetaSampler expected(0.6, 1.4);
  Rng stream(substream_seed(3, 0));
  for (int n = 0; n < 20; ++n) CHECK(beta.pull(0) == expected(stream));
  // Means must lie in the open interval (0, 1): the Beta shapes must be positive.
  const ParamSpec* means = info.find("means");
  REQUIRE(means != nullptr);
  CHECK(means->check(RealList{0.0}).has_value());
  CHECK(means->check(RealList{1.0}).has_value());
}

TEST_CASE("beta: tiny concentrations give rewards in [0, 1], never NaN") {
  // c = 0.005: shapes 0.0025. Both gamma draws underflow to 0 together with
  // probability ~6e-4 per pull, so a plain X / (X + Y) gave hundreds of NaNs in
  // 10^6 pulls; the log-space ratio must give none, with the right mean.
  const ComponentInfo& info = find_info(BanditEnvironmentFactory::infos(), "beta");
  CHECK(info.find("concentration")->check(0.0).has_value());
  CHECK_FALSE(info.find("concentration")->check(0.005).has_value());
  BetaArms env({.means = {0.5}, .concentration = 0.005});
  env.start_rewards(1);
  constexpr int kPulls = 1000000;
  bool in_unit_interval = true;
  double sum = 0;
  for (int n = 0; n < kPulls; ++n) {
    const double reward = env.pull(0);
    in_unit_interval = in_unit_interval && reward >= 0.0 && reward <= 1.0;
    sum += reward;
  }
  CHECK(in_unit_interval);
  // Mean 0.5, sd sqrt(0.25 / 1.005); 5 standard errors (false-failure rate 6e-7).
  CHECK(std::fabs(sum / kPulls - 0.5) < 5 * std::sqrt(0.25 / 1.005 / kPulls));
}
