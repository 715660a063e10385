#include <doctest/doctest.h>

#include <functional>
#include <vector>

#include "agents/bandit/sequential_halving.hpp"
#include "sim/core/check.hpp"

using namespace banditsim;
using namespace banditsim::bandit;

namespace {
/// Runs `budget` steps; reward(arm, n) is the reward of the n-th pull (0-based) of arm.
std::vector<std::int64_t> run_scripted(
    SequentialHalving& agent, std::size_t arms, std::int64_t budget,
    const std::function<double(std::size_t, std::int64_t)>& reward, Rng& rng) {
  std::vector<std::int64_t> pulls(arms, 0);
  for (std::int64_t t = 0; t < budget; ++t) {
    const std::size_t arm = agent.select(rng);
    agent.observe(arm, reward(arm, pulls[arm]));
    ++pulls[arm];
  }
  return pulls;
}
}  // namespace

TEST_CASE("sequential_halving rounds: K = 8, T = 240 gives t_r = 10, 20, 40") {
  SequentialHalving agent({});
  agent.reset({.num_arms = 8, .horizon = 240});
  CHECK(agent.rounds() == 3);
  CHECK(agent.pulls_per_arm() == 10);
  Rng rng(1);
  const auto constant = [](std::size_t arm, std::int64_t) {
    return 0.1 * static_cast<double>(arm);
  };
  run_scripted(agent, 8, 80, constant, rng);
  CHECK(agent.active() == std::vector<std::size_t>{4, 5, 6, 7});
  CHECK(agent.pulls_per_arm() == 20);
  run_scripted(agent, 8, 80, constant, rng);
  CHECK(agent.active() == std::vector<std::size_t>{6, 7});
  CHECK(agent.pulls_per_arm() == 40);
  run_scripted(agent, 8, 80, constant, rng);
  CHECK(agent.active() == std::vector<std::size_t>{7});
  CHECK(agent.recommend() == 7);
}

TEST_CASE("sequential_halving with K = 5, T = 100 spends the leftover on the survivor") {
  // R = 3; t_0 = floor(100/15) = 6 (30 pulls), |S_1| = 3, t_1 = floor(100/9) = 11 (33),
  // |S_2| = 2, t_2 = floor(100/6) = 16 (32): 95 pulls, 5 left for the survivor.
  SequentialHalving agent({});
  agent.reset({.num_arms = 5, .horizon = 100});
  Rng rng(2);
  const auto pulls = run_scripted(
      agent, 5, 100, [](std::size_t arm, std::int64_t) { return arm == 3 ? 1.0 : 0.2 * arm; }, rng);
  CHECK(agent.recommend() == 3);
  CHECK(pulls[0] == 6);
  CHECK(pulls[1] == 6);
  CHECK(pulls[2] == 6 + 11);
  CHECK(pulls[4] == 6 + 11 + 16);
  CHECK(pulls[3] == 6 + 11 + 16 + 5);
}

TEST_CASE("sequential_halving ranks by the round's own samples, not all samples") {
  // K = 4, T = 24: t_0 = 3, t_1 = 6. Arm 0 pays 1.0 in round 0 and 0.4 after; arm 1
  // pays 0.5 then 0.45. Over all samples arm 0 is ahead ((3 + 2.4)/9 = 0.6 against
  // (1.5 + 2.7)/9 = 0.47), but round 1 alone ranks arm 1 first.
  SequentialHalving agent({});
  agent.reset({.num_arms = 4, .horizon = 24});
  Rng rng(3);
  run_scripted(
      agent, 4, 24,
      [](std::size_t arm, std::int64_t n) {
        if (arm == 0) return n < 3 ? 1.0 : 0.4;
        if (arm == 1) return n < 3 ? 0.5 : 0.45;
        return 0.0;
      },
      rng);
  CHECK(agent.recommend() == 1);
}

TEST_CASE("sequential_halving breaks ties at the cut at random") {
  std::vector<int> kept(4, 0);
  for (std::uint64_t seed = 0; seed < 40; ++seed) {
    SequentialHalving agent({});
    agent.reset({.num_arms = 4, .horizon = 8});
    Rng rng(seed);
    run_scripted(
        agent, 4, 4, [](std::size_t, std::int64_t) { return 0.5; }, rng);
    for (std::size_t arm : agent.active()) ++kept[arm];
  }
  // Each arm survives a tied round with probability 1/2: never in 40 runs has probability 1e-12.
  for (int count : kept) CHECK(count > 0);
}

TEST_CASE("sequential_halving needs a budget of K ceil(log2 K) and handles K = 1") {
  SequentialHalving agent({});
  CHECK_THROWS_AS(agent.reset({.num_arms = 5, .horizon = 14}), ConfigError);
  CHECK_NOTHROW(agent.reset({.num_arms = 5, .horizon = 15}));
  agent.reset({.num_arms = 1, .horizon = 3});
  Rng rng(4);
  for (int t = 0; t < 3; ++t) {
    CHECK(agent.select(rng) == 0);
    agent.observe(0, 1.0);
  }
  CHECK(agent.recommend() == 0);
}
