// The Laplace noise the dp_bai agents add, seen in their released means (spec
// §1.7 T3 at the agent level): z = (released - sum / n) epsilon n / range must be
// Laplace(0, 1), whichever agent, phase and pull count produced it. The privacy
// component's own tests check private_mean itself; these check that each agent
// calls it with the per-arm count n and the reward range (spec P7), since a
// halved scale would leave every other test of the agents passing.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "agents/dp_bai/all.hpp"
#include "envs/dp_bai/all.hpp"
#include "tests/support/param_defaults.hpp"

using namespace banditsim;
using namespace banditsim::dp_bai;

namespace {

/// Runs `agent` `runs` times on instance B with Bernoulli rewards and returns
/// every release's standardised noise z.
template <class Agent>
std::vector<double> standardised_noise(double epsilon, int runs) {
  ParamMap env_values;
  env_values.set("instance", std::string("B"));
  BaiLinear env(BaiLinear::Config::from(testing::with_defaults(BaiLinear::info(), env_values)));
  ParamMap agent_values;
  agent_values.set("epsilon", epsilon);
  Agent agent(Agent::Config::from(testing::with_defaults(Agent::info(), agent_values)));
  BaiProblem problem = env.problem();
  problem.budget = 3000;
  std::vector<double> z;
  for (int run = 0; run < runs; ++run) {
    env.start_rewards(static_cast<std::uint64_t>(run));
    AgentStreams streams{.noise = Rng(1000 + static_cast<std::uint64_t>(run)),
                         .ties = Rng(static_cast<std::uint64_t>(run))};
    agent.reset(problem);
    for (PullRequest r = agent.next_pulls(); r.count > 0; r = agent.next_pulls())
      agent.observe(r.arm, r.count, env.pull_sum(r.arm, r.count), streams);
    for (const PrivateRelease& release : agent.core().releases()) {
      const auto n = static_cast<double>(release.count);
      z.push_back((release.value - release.sum / n) * epsilon * n / problem.reward_range());
    }
  }
  return z;
}

/// Laplace(0, 1): E|z| = 1 (variance 1) and E z^2 = 2 (variance E z^4 - 4 = 20).
/// 5-sd bands: a correct agent fails one with probability about 6e-7; a scale off
/// by a factor 1/2 (E|z| = 0.5, E z^2 = 0.5) fails both by tens of sd.
void check_standard_laplace(const std::vector<double>& z) {
  const double n = static_cast<double>(z.size());
  double abs_sum = 0.0, square_sum = 0.0;
  for (double x : z) {
    abs_sum += std::abs(x);
    square_sum += x * x;
  }
  INFO(z.size() << " releases");
  CHECK(std::abs(abs_sum / n - 1.0) < 5.0 * std::sqrt(1.0 / n));
  CHECK(std::abs(square_sum / n - 2.0) < 5.0 * std::sqrt(20.0 / n));
}

}  // namespace

TEST_CASE(
    "dp_bai noise: each agent's released means carry Laplace noise of scale range / (epsilon n) "
    "(T3)") {
  // Instance B, budget 3000, 1500 runs: dp_bai releases 3 + 3 + 2 means a run, dp_sh
  // 27 + 14 + 7 + 4 + 2, dp_od about 6 + 2.
  check_standard_laplace(standardised_noise<DpBai>(0.5, 1500));
  check_standard_laplace(standardised_noise<DpSh>(2.0, 300));
  check_standard_laplace(standardised_noise<DpOd>(0.2, 1500));
}
