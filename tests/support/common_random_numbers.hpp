/// @file tests/support/common_random_numbers.hpp
/// Checks the common-random-numbers contract of a bandit environment: after
/// start_rewards(seed), the n-th pull of arm a returns the same reward whatever
/// the order in which the arms are pulled, and start_rewards(seed) restarts.
#pragma once

#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/core/rng.hpp"

namespace banditsim::testing {

/// Pulls every arm `pulls_per_arm` times arm by arm, then again (after a restart)
/// in a random interleaving, and checks that the n-th reward of each arm agrees
/// bit for bit.
template <class Env>
void check_common_random_numbers(Env& env, std::uint64_t seed, std::size_t pulls_per_arm = 64) {
  const std::size_t arms = env.num_arms();
  std::vector<std::vector<double>> arm_by_arm(arms);
  env.start_rewards(seed);
  for (std::size_t a = arms; a-- > 0;)  // last arm first: order must not matter
    for (std::size_t n = 0; n < pulls_per_arm; ++n) arm_by_arm[a].push_back(env.pull(a));

  env.start_rewards(seed);
  Rng order(seed + 1);
  std::vector<std::size_t> pulled(arms, 0);
  std::size_t remaining = arms * pulls_per_arm;
  bool same = true;
  // A uniform index visits every arm long before this many draws (the coupon
  // collector needs about arms * ln(arms) per round); a biased uniform_index
  // that never returns some arm then fails here instead of looping forever.
  const std::size_t max_draws = 1000 * arms * pulls_per_arm;
  for (std::size_t draws = 0; remaining > 0; ++draws) {
    REQUIRE_MESSAGE(draws < max_draws, "uniform_index never returns some arm");
    const auto a = static_cast<std::size_t>(uniform_index(order, arms));
    if (pulled[a] == pulls_per_arm) continue;
    const double reward = env.pull(a);
    same = same && reward == arm_by_arm[a][pulled[a]];
    ++pulled[a];
    --remaining;
  }
  CHECK_MESSAGE(same, "the n-th reward of an arm depends on the interleaving of the arms");
}

}  // namespace banditsim::testing
