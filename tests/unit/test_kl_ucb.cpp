#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "agents/bandit/bernoulli_kl.hpp"
#include "agents/bandit/kl_ucb.hpp"
#include "sim/core/check.hpp"

using namespace banditsim;
using namespace banditsim::bandit;

namespace {
/// max{q in [p, 1] : kl(p, q) <= level} by plain bisection to 1e-15.
double bisection_bound(double p, double level) {
  double lo = p, hi = 1.0;
  while (hi - lo > 1e-15) {
    const double mid = 0.5 * (lo + hi);
    if (mid == lo || mid == hi) break;
    (bernoulli_kl(p, mid) > level ? hi : lo) = mid;
  }
  return lo;
}
}  // namespace

TEST_CASE("bernoulli_kl matches its closed forms") {
  CHECK(bernoulli_kl(0.3, 0.3) == 0.0);
  CHECK(bernoulli_kl(0.5, 0.25) ==
        doctest::Approx(0.5 * std::log(2.0) + 0.5 * std::log(0.5 / 0.75)).epsilon(1e-15));
  CHECK(bernoulli_kl(0.0, 0.4) == doctest::Approx(-std::log(0.6)).epsilon(1e-15));
  CHECK(bernoulli_kl(1.0, 0.4) == doctest::Approx(-std::log(0.4)).epsilon(1e-15));
  CHECK(std::isinf(bernoulli_kl(0.5, 1.0)));
}

TEST_CASE("kl_upper_confidence_bound agrees with bisection to 1e-9 and solves kl = level") {
  const double ps[] = {0.0, 1e-9, 1e-6, 0.01, 0.1, 0.3, 0.5, 0.77, 0.9, 0.99, 1.0 - 1e-6, 1.0};
  const double levels[] = {1e-12, 1e-8, 1e-4, 0.01, 0.1, 0.5, 1.0, 3.0, 10.0, 50.0, 700.0};
  for (double p : ps) {
    for (double level : levels) {
      CAPTURE(p);
      CAPTURE(level);
      const double q = kl_upper_confidence_bound(p, level);
      CHECK(q >= p);
      CHECK(q <= 1.0);
      CHECK(std::fabs(q - bisection_bound(p, level)) <= 1e-9);
      // q is the root of kl(p, .) = level, within 1e-9 on either side.
      if (p < 1.0 && q - 1e-9 > p) CHECK(bernoulli_kl(p, q - 1e-9) <= level);
      if (q + 1e-9 < 1.0) CHECK(bernoulli_kl(p, q + 1e-9) >= level);
    }
  }
}

TEST_CASE("kl_upper_confidence_bound edge cases") {
  CHECK(kl_upper_confidence_bound(1.0, 2.0) == 1.0);
  CHECK(kl_upper_confidence_bound(0.4, 0.0) == 0.4);
  CHECK(kl_upper_confidence_bound(0.0, 2.0) == doctest::Approx(1.0 - std::exp(-2.0)));
  // Increasing in the level, decreasing in nothing else it should not be.
  double previous = 0.2;
  for (double level = 1e-6; level < 100; level *= 3) {
    const double q = kl_upper_confidence_bound(0.2, level);
    CHECK(q > previous);
    previous = q;
  }
}

TEST_CASE("kl_ucb refuses rewards outside [0, 1]") {
  KlUcb agent({});
  CHECK_THROWS_AS(agent.reset({.num_arms = 3}), ConfigError);  // unbounded rewards
  CHECK_THROWS_AS(agent.reset({.num_arms = 3, .reward_min = 0.0, .reward_max = 2.0}), ConfigError);
  CHECK_NOTHROW(agent.reset({.num_arms = 3, .reward_min = 0.0, .reward_max = 1.0}));
}

TEST_CASE("kl_ucb exploration level log t + c log log t, clamped at 0") {
  KlUcb plain({.c = 0.0});
  CHECK(plain.exploration_level(1) == 0.0);
  CHECK(plain.exploration_level(100) == doctest::Approx(std::log(100.0)).epsilon(1e-15));
  KlUcb theory({.c = 3.0});
  CHECK(theory.exploration_level(1) == 0.0);  // log 1 + 3 log 0 = -inf
  CHECK(theory.exploration_level(2) == 0.0);  // log 2 + 3 log log 2 < 0
  CHECK(theory.exploration_level(100) ==
        doctest::Approx(std::log(100.0) + 3.0 * std::log(std::log(100.0))).epsilon(1e-15));
}

TEST_CASE("kl_ucb plays each arm once, then the arm with the largest KL index") {
  for (double c : {0.0, 3.0}) {
    CAPTURE(c);
    const std::vector<double> means = {0.3, 0.5, 0.45, 0.1};
    const std::size_t arms = means.size();
    KlUcb agent({.c = c});
    agent.reset({.num_arms = arms, .reward_min = 0.0, .reward_max = 1.0});
    Rng agent_rng(1), reward_rng(2);
    std::vector<double> sums(arms, 0.0), pulls(arms, 0.0);
    for (std::int64_t t = 0; t < 2000; ++t) {
      const std::size_t arm = agent.select(agent_rng);
      std::size_t expected = static_cast<std::size_t>(t);
      if (t >= static_cast<std::int64_t>(arms)) {
        const double log_t = std::log(static_cast<double>(t));
        const double level = std::max(0.0, c > 0 ? log_t + c * std::log(log_t) : log_t);
        double best = -1.0;
        for (std::size_t a = 0; a < arms; ++a) {
          const double index = bisection_bound(sums[a] / pulls[a], level / pulls[a]);
          CHECK(std::fabs(agent.index(a, t) - index) <= 1e-9);
          if (index > best) {
            best = index;
            expected = a;
          }
        }
      }
      REQUIRE(arm == expected);
      const double reward = uniform01(reward_rng) < means[arm] ? 1.0 : 0.0;
      sums[arm] += reward;
      pulls[arm] += 1.0;
      agent.observe(arm, reward);
    }
  }
}
