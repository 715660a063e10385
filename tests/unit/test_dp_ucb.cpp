// dp_ucb (agents/bandit/dp_ucb.hpp): with epsilon = inf it is ucb1 bit for bit; its
// counters have the horizon, levels and Laplace scale the privacy argument needs (spec
// papers-dp.md §2.4.1), including the noise multiplier of the broken audit variant; its
// choice is the argmax of the documented index, computed literally here.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "agents/bandit/dp_ucb.hpp"
#include "agents/bandit/ucb1.hpp"
#include "envs/bandit/bernoulli_arms.hpp"
#include "tests/support/config_error_key.hpp"

using namespace banditsim;
using namespace banditsim::bandit;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

/// The arms pulled by `agent` over `horizon` steps of a Bernoulli bandit with reward seed
/// `seed` (common random numbers: arm a's n-th reward is the same for every agent).
template <class Agent>
std::vector<std::size_t> pulls(Agent& agent, const std::vector<double>& means, std::int64_t horizon,
                               std::uint64_t seed,
                               std::vector<std::size_t>* recommendations = nullptr) {
  BernoulliArms env({.means = means});
  BanditProblem problem = env.problem();
  problem.horizon = horizon;
  agent.reset(problem);
  env.start_rewards(seed);
  Rng rng(seed + 1);
  std::vector<std::size_t> arms;
  for (std::int64_t t = 0; t < horizon; ++t) {
    const std::size_t arm = agent.select(rng);
    agent.observe(arm, env.pull(arm));
    arms.push_back(arm);
    if (recommendations) recommendations->push_back(agent.recommend());
  }
  return arms;
}

}  // namespace

TEST_CASE("dp_ucb with epsilon = inf pulls exactly what ucb1 pulls, bit for bit") {
  for (double c : {2.0, 0.5, 0.0, 3.0}) {
    for (const auto& means :
         {std::vector<double>{0.5, 0.45, 0.4}, std::vector<double>{0.9, 0.1, 0.5, 0.5, 0.85}}) {
      for (std::uint64_t seed : {1u, 2u, 3u}) {
        CAPTURE(c);
        CAPTURE(seed);
        Ucb1 ucb({.c = c});
        DpUcb dp({.epsilon = kInf, .c = c, .noise_multiplier = 1.0});
        std::vector<std::size_t> ucb_rec, dp_rec;
        const auto a = pulls(ucb, means, 5000, seed, &ucb_rec);
        const auto b = pulls(dp, means, 5000, seed, &dp_rec);
        CHECK(a == b);
        CHECK(ucb_rec == dp_rec);
      }
    }
  }
}

TEST_CASE("dp_ucb's counters: horizon T - K + 1, L = floor(log2 H) + 1, Lap(m L / epsilon)") {
  struct Case {
    std::int64_t horizon;
    std::size_t arms;
    int levels;
  };
  // H = 1000 - 3 + 1 = 998: L = 10; H = 1026 - 3 + 1 = 1024 = 2^10: L = 11 (spec §2.6).
  for (const Case& c : {Case{1000, 3, 10}, Case{1026, 3, 11}, Case{4, 2, 2}, Case{2, 2, 1}}) {
    for (double m : {1.0, 0.5}) {
      CAPTURE(c.horizon);
      CAPTURE(m);
      DpUcb agent({.epsilon = 0.8, .c = 2.0, .noise_multiplier = m});
      agent.reset({.num_arms = c.arms, .horizon = c.horizon, .reward_min = 0, .reward_max = 1});
      for (std::size_t a = 0; a < c.arms; ++a) {
        CHECK(agent.counter(a).horizon() == c.horizon - static_cast<std::int64_t>(c.arms) + 1);
        CHECK(agent.counter(a).levels() == c.levels);
        CHECK(agent.counter(a).sensitivity() == 1.0);
        CHECK(agent.counter(a).scale() == doctest::Approx(m * c.levels / 0.8).epsilon(1e-15));
      }
    }
  }
}

TEST_CASE("dp_ucb selects the argmax of S~/n + sqrt(c ln t / n) + B(t)/n, B as documented") {
  for (double epsilon : {0.5, 2.0}) {
    for (double c : {2.0, 0.5}) {
      CAPTURE(epsilon);
      CAPTURE(c);
      const std::vector<double> means = {0.7, 0.5, 0.45, 0.2};
      const std::size_t arms = means.size();
      const std::int64_t horizon = 3000;
      DpUcb agent({.epsilon = epsilon, .c = c, .noise_multiplier = 1.0});
      BernoulliArms env({.means = means});
      BanditProblem problem = env.problem();
      problem.horizon = horizon;
      agent.reset(problem);
      env.start_rewards(9);
      Rng rng(10);
      const double levels = std::floor(std::log2(static_cast<double>(horizon - 3))) + 1;
      std::vector<double> true_sums(arms, 0.0);
      int near_ties = 0;
      for (std::int64_t t = 0; t < horizon; ++t) {
        CAPTURE(t);
        std::vector<double> index(arms);
        if (t >= static_cast<std::int64_t>(arms)) {
          const double log_term = c * std::log(static_cast<double>(t));
          const double bound = levels / epsilon * std::max(std::sqrt(levels), std::sqrt(log_term)) *
                               std::sqrt(8.0 * log_term);
          for (std::size_t a = 0; a < arms; ++a) {
            const auto n = static_cast<double>(agent.pulls(a));
            // The released mean is the counter's released sum over n.
            REQUIRE(agent.noisy_mean(a) == agent.counter(a).released() / n);
            index[a] = agent.noisy_mean(a) + std::sqrt(log_term / n) + bound / n;
          }
        }
        const std::size_t arm = agent.select(rng);
        if (t < static_cast<std::int64_t>(arms)) {
          REQUIRE(arm == static_cast<std::size_t>(t));
        } else {
          std::size_t best = 0;
          for (std::size_t a = 1; a < arms; ++a)
            if (index[a] > index[best]) best = a;
          if (arm != best) {
            // Only a near-tie (last-bit rounding of the cached 1/sqrt(n)) may differ.
            REQUIRE(std::fabs(index[arm] - index[best]) < 1e-12);
            ++near_ties;
          }
        }
        const double reward = env.pull(arm);
        true_sums[arm] += reward;
        agent.observe(arm, reward);
      }
      // Noise is really added (the released sums are not the exact sums).
      int noisy_arms = 0;
      for (std::size_t a = 0; a < arms; ++a)
        noisy_arms += agent.counter(a).released() != true_sums[a] ? 1 : 0;
      CHECK(noisy_arms == static_cast<int>(arms));
      CHECK(near_ties < 5);
    }
  }
}

TEST_CASE("dp_ucb: the noise multiplier scales the released noise exactly") {
  // Same agent stream, same rewards: the counters draw the same Laplace variates, so
  // S~ - S with m = 0.5 is half of S~ - S with m = 1 as long as the pulls agree (the
  // first K pulls always do).
  const std::vector<double> means = {0.6, 0.4, 0.5};
  const std::vector<double> rewards = {1.0, 0.0, 1.0};
  const BanditProblem problem{.num_arms = 3, .horizon = 100, .reward_min = 0, .reward_max = 1};
  DpUcb full({.epsilon = 1.0, .c = 2.0, .noise_multiplier = 1.0});
  DpUcb half({.epsilon = 1.0, .c = 2.0, .noise_multiplier = 0.5});
  full.reset(problem);
  half.reset(problem);
  Rng rng_full(4), rng_half(4);
  for (std::size_t t = 0; t < 3; ++t) {
    REQUIRE(full.select(rng_full) == t);
    REQUIRE(half.select(rng_half) == t);
    full.observe(t, rewards[t]);
    half.observe(t, rewards[t]);
  }
  for (std::size_t a = 0; a < 3; ++a) {
    const double noise_full = full.counter(a).released() - rewards[a];
    const double noise_half = half.counter(a).released() - rewards[a];
    CHECK(noise_full != 0.0);
    CHECK(noise_half == doctest::Approx(0.5 * noise_full).epsilon(1e-12));
  }
}

TEST_CASE("dp_ucb rejects what voids its guarantee, naming the key") {
  using banditsim::testing::config_error_key;
  DpUcb agent({.epsilon = 1.0, .c = 2.0, .noise_multiplier = 1.0});
  // Gaussian rewards: the sensitivity 1 of the counters would not hold.
  CHECK(config_error_key([&] { agent.reset({.num_arms = 2, .horizon = 10}); }) == "");
  CHECK(config_error_key([&] {
          agent.reset({.num_arms = 2, .horizon = 0, .reward_min = 0, .reward_max = 1});
        }) == "horizon");
  CHECK(config_error_key([] { DpUcb bad({.epsilon = 0.0, .c = 2.0, .noise_multiplier = 1.0}); }) ==
        "epsilon");
  CHECK(config_error_key([] { DpUcb bad({.epsilon = 1.0, .c = 2.0, .noise_multiplier = kInf}); }) ==
        "noise_multiplier");
}
