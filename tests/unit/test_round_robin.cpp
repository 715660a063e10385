#include <doctest/doctest.h>

#include "agents/bandit/round_robin.hpp"

using namespace banditsim;
using namespace banditsim::bandit;

TEST_CASE("round_robin pulls arm t mod K whatever the rewards") {
  RoundRobin agent({});
  agent.reset({.num_arms = 3});
  Rng rng(1);
  for (std::size_t t = 0; t < 10; ++t) {
    const std::size_t arm = agent.select(rng);
    CHECK(arm == t % 3);
    agent.observe(arm, arm == 1 ? 1.0 : 0.0);
  }
}

TEST_CASE("round_robin recommends the empirically best arm, lowest index on ties") {
  RoundRobin agent({});
  agent.reset({.num_arms = 3});
  Rng rng(1);
  CHECK(agent.recommend() == 0);  // nothing pulled yet
  const double rewards[] = {0.2, 0.7, 0.7};
  for (int t = 0; t < 6; ++t) {
    const std::size_t arm = agent.select(rng);
    agent.observe(arm, rewards[arm]);
  }
  CHECK(agent.recommend() == 1);
}

TEST_CASE("round_robin reset starts again at arm 0") {
  RoundRobin agent({});
  agent.reset({.num_arms = 4});
  Rng rng(1);
  agent.observe(agent.select(rng), 1.0);
  agent.observe(agent.select(rng), 1.0);
  agent.reset({.num_arms = 4});
  CHECK(agent.select(rng) == 0);
}
