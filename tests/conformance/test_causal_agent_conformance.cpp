// The conformance battery every causal agent passes (beside the family battery of
// test_family_battery.cpp). It runs over every alternative of AnyCausalAgent, built
// by name, on one random 5-node linear SEM:
//   - the same seed gives the same actions, after a second reset() too;
//   - in the steady state (the last half of a 2000-step run, once the structure
//     learners have frozen their first n_max samples per node and mode) select()
//     and observe() make no heap allocation through operator new. (Armadillo
//     takes its memory from malloc, which this counter does not see: the periodic
//     recomputations of CSL-UCB and GOLEM-MAB are not covered by this check.)
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "agents/causal/all.hpp"
#include "envs/causal/all.hpp"
#include "tests/support/allocation_counter.hpp"

using namespace banditsim;
using namespace banditsim::causal;

namespace {

constexpr std::int64_t kHorizon = 2000;

ParamMap defaults_of(const ComponentInfo& info) {
  ParamMap params;
  for (const auto& spec : info.params)
    if (spec.default_value) params.set(spec.name, *spec.default_value);
  return params;
}

struct Trajectory {
  std::vector<std::size_t> actions;
  long steady_allocations = 0;
};

Trajectory run(AnyCausalAgent& any, LinearSem& env, const CausalProblem& problem) {
  Trajectory out;
  out.actions.resize(kHorizon);
  std::vector<double> x(problem.nodes);
  std::visit(
      [&](auto& agent) {
        agent.reset(problem);
        env.start_noise(11);
        Rng rng(12);
        long before = 0;
        for (std::int64_t t = 0; t < kHorizon; ++t) {
          if (t == kHorizon / 2) before = static_cast<long>(testing::allocation_count());
          const std::size_t action = agent.select(rng);
          out.actions[static_cast<std::size_t>(t)] = action;
          env.step(action, x);
          agent.observe(action, x);
        }
        out.steady_allocations = static_cast<long>(testing::allocation_count()) - before;
      },
      any);
  return out;
}

}  // namespace

TEST_CASE("causal agents: reproducible after reset, no allocation per step in the steady state") {
  ParamMap env_params = defaults_of(LinearSem::info());
  env_params.set("nodes", std::int64_t{5});
  LinearSem env(LinearSem::Config::from(env_params));
  Rng instance_rng(7);
  env.draw_instance(instance_rng);
  CausalProblem problem = env.problem();
  problem.horizon = kHorizon;
  for (const ComponentInfo& info : CausalAgentFactory::infos()) {
    INFO("agent " << info.name);
    ParamMap params = defaults_of(info);
    if (info.name == "golem_mab") {
      params.set("n_learn", std::int64_t{50});
      params.set("iterations", std::int64_t{2000});
    }
    AnyCausalAgent agent = CausalAgentFactory::make(info.name, params);
    const Trajectory first = run(agent, env, problem);
    const Trajectory second = run(agent, env, problem);
    CHECK(first.actions == second.actions);
    CHECK(second.steady_allocations == 0);
  }
}
