#include <doctest/doctest.h>

#include <utility>
#include <vector>

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

TEST_CASE("thompson_bernoulli samples Beta(alpha0 + S_a, beta0 + F_a) per arm and takes the max") {
  // Oracle: the posterior counts kept by the test, one fresh Beta(alpha0 + S, beta0 + F)
  // draw per arm in index order from a copy of the agent's stream, first maximum;
  // a fractional reward r is first binarised by one uniform u < r at the next select.
  // The agent's stream must end where the oracle's does.
  for (const auto& prior : {std::pair{1.0, 1.0}, std::pair{2.0, 0.5}}) {
    const double alpha0 = prior.first, beta0 = prior.second;
    CAPTURE(alpha0);
    CAPTURE(beta0);
    ThompsonBernoulli agent({.alpha0 = alpha0, .beta0 = beta0});
    agent.reset(kUnitProblem);
    Rng rng(21), reward_rng(22);
    const double means[] = {0.35, 0.6, 0.5};
    std::vector<double> successes(3, 0.0), failures(3, 0.0);
    std::size_t pending_arm = 0;
    double pending = -1.0;  // < 0: nothing pending
    std::vector<int> choices(3, 0);
    for (int t = 0; t < 1500; ++t) {
      CAPTURE(t);
      Rng oracle = rng;
      if (pending >= 0.0) {
        (uniform01(oracle) < pending ? successes : failures)[pending_arm] += 1.0;
        pending = -1.0;
      }
      std::size_t expected = 0;
      double best = -1.0;
      for (std::size_t a = 0; a < 3; ++a) {
        const double sample = BetaSampler(alpha0 + successes[a], beta0 + failures[a])(oracle);
        if (sample > best) {
          best = sample;
          expected = a;
        }
      }
      const std::size_t arm = agent.select(rng);
      REQUIRE(arm == expected);
      REQUIRE(rng == oracle);
      for (std::size_t a = 0; a < 3; ++a) {
        REQUIRE(agent.alpha(a) == alpha0 + successes[a]);
        REQUIRE(agent.beta(a) == beta0 + failures[a]);
      }
      ++choices[arm];
      // Every third reward is fractional (a Beta-like reward in (0, 1)).
      const double u = uniform01(reward_rng);
      const double reward = t % 3 == 2 ? 0.5 * u + 0.5 * means[arm] : (u < means[arm] ? 1.0 : 0.0);
      if (reward == 1.0) {
        successes[arm] += 1.0;
      } else if (reward == 0.0) {
        failures[arm] += 1.0;
      } else {
        pending_arm = arm;
        pending = reward;
      }
      agent.observe(arm, reward);
    }
    // All arms are tried and the best one dominates.
    CHECK(choices[1] > choices[0]);
    CHECK(choices[0] > 0);
  }
}
