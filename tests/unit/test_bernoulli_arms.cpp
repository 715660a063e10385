#include <doctest/doctest.h>

#include "envs/bandit/bernoulli_arms.hpp"
#include "tests/support/common_random_numbers.hpp"

using namespace banditsim;
using namespace banditsim::bandit;
using banditsim::testing::check_common_random_numbers;

TEST_CASE("bernoulli: reward n of arm a is 1{U_n < mu_a} on sub-stream a") {
  BernoulliArms env({.means = {0.3, 0.8}});
  const BanditProblem problem = env.problem();
  CHECK(problem.num_arms == 2);
  CHECK(problem.reward_min == 0.0);
  CHECK(problem.reward_max == 1.0);
  env.start_rewards(21);
  for (std::size_t a = 0; a < 2; ++a) {
    Rng stream(substream_seed(21, a));
    for (int n = 0; n < 100; ++n)
      CHECK(env.pull(a) == (uniform01(stream) < env.mean(a) ? 1.0 : 0.0));
  }
  check_common_random_numbers(env, 21);
}
