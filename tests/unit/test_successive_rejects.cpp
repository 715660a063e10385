#include <doctest/doctest.h>

#include <cmath>
#include <set>
#include <vector>

#include "agents/bandit/successive_rejects.hpp"
#include "sim/core/check.hpp"

using namespace banditsim;
using namespace banditsim::bandit;

namespace {
/// Runs `agent` for `budget` steps where arm a always pays rewards[a]; returns the pulls per arm.
std::vector<std::int64_t> run_constant(SuccessiveRejects& agent, const std::vector<double>& rewards,
                                       std::int64_t budget, Rng& rng) {
  std::vector<std::int64_t> pulls(rewards.size(), 0);
  for (std::int64_t t = 0; t < budget; ++t) {
    const std::size_t arm = agent.select(rng);
    ++pulls[arm];
    agent.observe(arm, rewards[arm]);
  }
  return pulls;
}
}  // namespace

TEST_CASE("successive_rejects phase lengths follow n_k = ceil((n-K)/(logbar(K)(K+1-k)))") {
  SuccessiveRejects agent({});
  agent.reset({.num_arms = 5, .horizon = 1000});
  const double log_bar = 0.5 + 1.0 / 2 + 1.0 / 3 + 1.0 / 4 + 1.0 / 5;
  const auto& n = agent.phase_ends();
  REQUIRE(n.size() == 5);
  CHECK(n[0] == 0);
  for (int k = 1; k <= 4; ++k)
    CHECK(n[k] == static_cast<std::int64_t>(std::ceil(995.0 / (log_bar * (6 - k)))));
  // By hand: 995 / (1.78333 * {5, 4, 3, 2}) = 111.6, 139.5, 186.0, 279.0.
  CHECK(n[1] == 112);
  CHECK(n[2] == 140);
  CHECK(n[3] == 186);
  CHECK(n[4] == 279);
}

TEST_CASE("successive_rejects rejects the worst empirical arm at the end of each phase") {
  SuccessiveRejects agent({});
  agent.reset({.num_arms = 5, .horizon = 1000});
  const std::vector<double> rewards = {0.5, 0.1, 0.9, 0.3, 0.7};
  Rng rng(1);
  // Phase 1: 112 sweeps over all five arms, in index order.
  for (std::size_t t = 0; t < 5 * 112; ++t) {
    const std::size_t arm = agent.select(rng);
    REQUIRE(arm == t % 5);
    agent.observe(arm, rewards[arm]);
  }
  CHECK(agent.active() == std::vector<std::size_t>{0, 2, 3, 4});
  CHECK(agent.recommend() == 2);
  // The rest of the budget: phases 2-4, then the survivor gets the 1000 - 996 = 4 spare pulls.
  const auto pulls = run_constant(agent, rewards, 1000 - 5 * 112, rng);
  CHECK(agent.active() == std::vector<std::size_t>{2});
  CHECK(agent.recommend() == 2);
  CHECK(pulls[1] == 0);
  CHECK(pulls[3] == 140 - 112);
  CHECK(pulls[0] == 186 - 112);
  CHECK(pulls[4] == 279 - 112);
  CHECK(pulls[2] == 279 - 112 + 4);
}

TEST_CASE("successive_rejects keeps pulling the survivor after the schedule") {
  SuccessiveRejects agent({});
  agent.reset({.num_arms = 3, .horizon = 30});
  Rng rng(2);
  const std::vector<double> rewards = {0.0, 1.0, 0.5};
  run_constant(agent, rewards, 30, rng);
  for (int t = 0; t < 10; ++t) {
    CHECK(agent.select(rng) == 1);
    agent.observe(1, 1.0);
  }
}

TEST_CASE("successive_rejects breaks ties for the lowest mean at random") {
  std::set<std::size_t> survivors;
  for (std::uint64_t seed = 0; seed < 40; ++seed) {
    SuccessiveRejects agent({});
    agent.reset({.num_arms = 4, .horizon = 100});
    Rng rng(seed);
    run_constant(agent, {0.5, 0.5, 0.5, 0.5}, 100, rng);
    survivors.insert(agent.recommend());
  }
  // A uniformly random survivor misses one of 4 arms in 40 runs with probability < 4 (3/4)^40 =
  // 4e-5, and this is a fixed-seed, deterministic check.
  CHECK(survivors.size() == 4);
}

TEST_CASE("successive_rejects with budget K rejects at once and pulls the survivor") {
  SuccessiveRejects agent({});
  agent.reset({.num_arms = 3, .horizon = 3});
  for (std::int64_t n : agent.phase_ends()) CHECK(n == 0);
  Rng rng(3);
  const std::size_t first = agent.select(rng);
  CHECK(agent.active().size() == 1);
  const auto pulls = run_constant(agent, {0.1, 0.2, 0.3}, 3, rng);
  CHECK(pulls[first] == 3);
}

TEST_CASE("successive_rejects refuses a budget below K") {
  SuccessiveRejects agent({});
  try {
    agent.reset({.num_arms = 5, .horizon = 4});
    FAIL("no ConfigError");
  } catch (const ConfigError& error) {
    CHECK(error.component() == "successive_rejects");
    CHECK(error.key() == "budget");
  }
}
