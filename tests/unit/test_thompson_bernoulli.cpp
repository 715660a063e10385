#include <doctest/doctest.h>

#include "agents/bandit/thompson_bernoulli.hpp"
#include "sim/core/check.hpp"

using namespace banditsim;
using namespace banditsim::bandit;

namespace {
const BanditProblem kUnitProblem{.num_arms = 3, .reward_min = 0.0, .reward_max = 1.0};
}

TEST_CASE("thompson_bernoulli refuses rewards outside [0, 1]") {
  ThompsonBernoulli agent({});
  CHECK_THROWS_AS(agent.reset({.num_arms = 3}), ConfigError);
  CHECK_NOTHROW(agent.reset(kUnitProblem));
}

TEST_CASE("thompson_bernoulli posterior is Beta(alpha0 + S, beta0 + F)") {
  ThompsonBernoulli agent({.alpha0 = 2.0, .beta0 = 0.5});
  agent.reset(kUnitProblem);
  for (std::size_t a = 0; a < 3; ++a) {
    CHECK(agent.alpha(a) == 2.0);
    CHECK(agent.beta(a) == 0.5);
  }
  Rng rng(5);
  const struct {
    std::size_t arm;
    double reward;
  } script[] = {{0, 1.0}, {0, 0.0}, {0, 1.0}, {2, 0.0}, {2, 0.0}, {0, 1.0}};
  for (const auto& step : script) {
    agent.select(rng);  // the scripted arm is observed whatever was selected
    agent.observe(step.arm, step.reward);
  }
  CHECK(agent.alpha(0) == 2.0 + 3);
  CHECK(agent.beta(0) == 0.5 + 1);
  CHECK(agent.alpha(1) == 2.0);
  CHECK(agent.beta(1) == 0.5);
  CHECK(agent.alpha(2) == 2.0);
  CHECK(agent.beta(2) == 0.5 + 2);
  CHECK(agent.recommend() == 0);
  agent.reset(kUnitProblem);
  CHECK(agent.alpha(0) == 2.0);
  CHECK(agent.beta(0) == 0.5);
}

TEST_CASE("thompson_bernoulli binarises a fractional reward at the next select") {
  ThompsonBernoulli agent({});
  agent.reset(kUnitProblem);
  Rng rng(9);
  int successes = 0;
  for (int i = 0; i < 50; ++i) {
    agent.select(rng);
    agent.observe(1, 0.3);
    // Not yet binarised: the posterior of arm 1 still has i observations.
    CHECK(agent.alpha(1) + agent.beta(1) == 2.0 + i);
    agent.select(rng);
    CHECK(agent.alpha(1) + agent.beta(1) == 2.0 + i + 1);
    successes = static_cast<int>(agent.alpha(1)) - 1;
  }
  CHECK(successes > 0);  // Binomial(50, 0.3) is 0 with probability 2e-8
  CHECK(successes < 50);
}

TEST_CASE("thompson_bernoulli follows a posterior that leaves no doubt") {
  ThompsonBernoulli agent({});
  agent.reset(kUnitProblem);
  Rng rng(2);
  for (int i = 0; i < 500; ++i) {
    agent.observe(0, 0.0);
    agent.observe(1, 1.0);
    agent.observe(2, 0.0);
  }
  // Beta(501, 1) against Beta(1, 501): P(arm 1 loses) is below 1e-200 per step.
  for (int i = 0; i < 100; ++i) CHECK(agent.select(rng) == 1);
}
