// Speed of the mdp family (bench/README.md, "bench_mdp"):
//   1. online TD(0) on Baird (d = 8, behaviour trajectory) and on a random MDP with
//      d = 32 (i.i.d. samples), through the family's CellRunner (the engine's own
//      path), against a bare loop that only draws the same transitions: the issue's
//      target is TD(0) within 2x of that floor;
//   2. LSTD on n = 64000 samples at d = 32 (A accumulated in O(d^2) per sample,
//      solved once);
//   3. heap allocations per step in those loops (must be 0);
//   4. the categorical draw of the data (Boost.Random's alias-method
//      discrete_distribution, which the data source uses) against
//      std::discrete_distribution and a linear scan of the CDF.
//
//   build/bench_mdp
#include <boost/random/discrete_distribution.hpp>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "agents/mdp/all.hpp"
#include "bench/thread_cpu_time.hpp"
#include "envs/mdp/all.hpp"
#include "sim/core/rng.hpp"
#include "sim/families/families.hpp"
#include "sim/families/mdp/data_source.hpp"
#include "sim/families/mdp/evaluation_chain.hpp"
#include "sim/families/mdp/exact_solution.hpp"
#include "sim/families/metric_expansion.hpp"
#include "sim/scenario/scenario.hpp"
#include "tests/support/allocation_counter.hpp"

namespace {

using namespace banditsim;
using bench::thread_cpu_seconds;

volatile double sink = 0.0;

std::string scenario_text(const std::string& axis, long long steps, const std::string& env,
                          const std::string& agent) {
  return "[run]\nseed = 1\nreplications = 1\n" + axis + " = " + std::to_string(steps) +
         "\nrecord_every = " + std::to_string(steps) + "\n[env]\n" + env + "\n[[agents]]\n" +
         agent + "\n";
}

struct Timing {
  double seconds_per_step = 0.0;
  double allocations_per_step = 0.0;
};

/// One replication of the scenario's single agent through the family's runner
/// (best of 3), after a warm-up replication.
Timing time_runner(const std::string& text, double steps) {
  const Scenario scenario = parse_scenario(text, "bench.toml", {{}, ""}, builtin_families());
  const Cell& cell = scenario.cells[0];
  const OutputLayout layout(scenario.metrics.metrics, cell.agents.size(), cell.record_steps.size());
  std::vector<double> buffer(layout.size());
  ReplicationOutput output(layout, buffer);
  const auto runner = scenario.prepared[0]->make_runner();
  runner->run_replication(0, output);  // warm-up: first-use allocations happen here
  Timing best{1e300, 0.0};
  for (int trial = 0; trial < 3; ++trial) {
    const std::size_t allocations = testing::allocation_count();
    const double start = thread_cpu_seconds();
    runner->run_replication(static_cast<std::uint64_t>(trial + 1), output);
    const double elapsed = thread_cpu_seconds() - start;
    const double allocated = static_cast<double>(testing::allocation_count() - allocations);
    if (elapsed / steps < best.seconds_per_step) best = {elapsed / steps, allocated / steps};
  }
  return best;
}

/// The floor: the same data source drawing `steps` transitions, nothing else.
double time_bare(const std::string& env_kind, const ParamMap& params, mdp::DataMode mode,
                 long long steps) {
  mdp::MdpModel model;
  std::visit([&](const auto& env) { model = env.model(); },
             mdp::MdpEnvironmentFactory::make(env_kind, params));
  const mdp::EvaluationChain chain = mdp::build_chain(model, mode, env_kind);
  mdp::DataSource data(model, chain);
  mdp::Transition transition;
  double best = 1e300;
  for (int trial = 0; trial < 3; ++trial) {
    data.start(static_cast<std::uint64_t>(trial + 1));
    double total = 0.0;
    const double start = thread_cpu_seconds();
    for (long long t = 0; t < steps; ++t) {
      data.next(transition);
      total += transition.reward + static_cast<double>(transition.row);
    }
    best = std::min(best, (thread_cpu_seconds() - start) / static_cast<double>(steps));
    sink = sink + total;
  }
  return best;
}

/// The agent's update alone: `steps` observe() calls on 4096 transitions drawn
/// beforehand (cycled), through the agent built as the runner builds it.
double time_update_alone(const std::string& text, long long steps) {
  const Scenario scenario = parse_scenario(text, "bench.toml", {{}, ""}, builtin_families());
  const Cell& cell = scenario.cells[0];
  mdp::MdpModel model;
  std::visit([&](const auto& env) { model = env.model(); },
             mdp::MdpEnvironmentFactory::make(cell.env.kind, cell.env.params));
  const mdp::EvaluationChain chain =
      mdp::build_chain(model, mdp::DataMode::kSamples, cell.env.kind);
  mdp::DataSource data(model, chain);
  data.start(7);
  std::vector<mdp::Transition> transitions(4096);
  for (auto& transition : transitions) data.next(transition);
  const mdp::ExactSolution exact = mdp::solve_exact(model, chain, cell.env.kind);
  std::vector<double> next(model.states * model.dim, 0.0);
  for (std::size_t s = 0; s < model.states; ++s)
    for (std::size_t a = 0; a < model.actions; ++a)
      for (std::size_t j = 0; j < model.dim; ++j)
        next[s * model.dim + j] +=
            model.target[s * model.actions + a] * model.feature_row(s * model.actions + a)[j];
  mdp::EvaluationProblem problem{.kind = model.feature_kind,
                                 .data = mdp::DataMode::kSamples,
                                 .dim = model.dim,
                                 .states = model.states,
                                 .actions = model.actions,
                                 .gamma = model.gamma,
                                 .horizon = steps,
                                 .features = model.features,
                                 .next_features = next,
                                 .behaviour_next_features = next,
                                 .chain = &chain,
                                 .exact = &exact};
  double best = 1e300;
  mdp::AnyMdpAgent any = mdp::MdpAgentFactory::make(cell.agents[0].kind, cell.agents[0].params);
  std::visit(
      [&](auto& agent) {
        for (int trial = 0; trial < 3; ++trial) {
          agent.reset(problem);
          const double start = thread_cpu_seconds();
          for (long long t = 0; t < steps; ++t) agent.observe(transitions[t & 4095]);
          best = std::min(best, (thread_cpu_seconds() - start) / static_cast<double>(steps));
          sink = sink + agent.weights()[0];
        }
      },
      any);
  return best;
}

ParamMap env_params(const std::string& kind, const ParamMap& given) {
  const ComponentInfo* info = nullptr;
  for (const auto& candidate : mdp::MdpEnvironmentFactory::infos())
    if (candidate.name == kind) info = &candidate;
  std::vector<ParamProblem> problems;
  return complete_params(*info, given, problems);
}

/// Nanoseconds per draw of `draw` (best of 3 runs of `n` draws).
template <class Draw>
double nanos_per_draw(long long n, Draw draw) {
  double best = 1e300;
  for (int trial = 0; trial < 3; ++trial) {
    std::size_t total = 0;
    const double start = thread_cpu_seconds();
    for (long long i = 0; i < n; ++i) total += draw();
    best = std::min(best, (thread_cpu_seconds() - start) / static_cast<double>(n) * 1e9);
    sink = sink + static_cast<double>(total);
  }
  return best;
}

}  // namespace

int main() {
  std::printf("mdp family, one thread (thread CPU time, best of 3)\n\n");
  std::printf("%-44s %10s %10s %8s %10s\n", "loop", "ns/step", "floor ns", "ratio", "allocs/st");
  const long long n = 4000000;

  ParamMap random_given;
  random_given.set("states", std::int64_t{50});
  random_given.set("actions", std::int64_t{4});
  random_given.set("dim", std::int64_t{32});
  const ParamMap baird = env_params("baird", {});
  const ParamMap random32 = env_params("random_mdp", random_given);
  const std::string random_env = "kind = \"random_mdp\"\nstates = 50\nactions = 4\ndim = 32\n";

  struct Case {
    const char* name;
    std::string axis, env_text, env_kind, agent;
    const ParamMap* params;
    mdp::DataMode mode;
    long long steps;
  };
  const std::vector<Case> cases = {
      {"TD(0), Baird d = 8, trajectory", "steps", "kind = \"baird\"", "baird",
       "kind = \"td0\"\nalpha = 0.0001", &baird, mdp::DataMode::kTrajectory, n},
      {"TD(0), random MDP d = 32, i.i.d. samples", "samples", random_env, "random_mdp",
       "kind = \"td0\"\nalpha = 0.0001", &random32, mdp::DataMode::kSamples, n},
      {"TDC, random MDP d = 32, i.i.d. samples", "samples", random_env, "random_mdp",
       "kind = \"tdc\"\nalpha = 0.0001\nbeta = 0.001", &random32, mdp::DataMode::kSamples, n},
      {"LSTD, random MDP d = 32, n = 64000", "samples", random_env, "random_mdp", "kind = \"lstd\"",
       &random32, mdp::DataMode::kSamples, 64000},
  };
  bool allocation_free = true;
  for (const Case& c : cases) {
    const Timing timing = time_runner(scenario_text(c.axis, c.steps, c.env_text, c.agent),
                                      static_cast<double>(c.steps));
    const double floor = time_bare(c.env_kind, *c.params, c.mode, c.steps);
    // Allocations per replication: reset() may allocate a batch agent's buffers once;
    // none per step (tests/conformance/test_mdp_agent_conformance.cpp checks that they
    // do not grow with the replication's length).
    const double per_replication = timing.allocations_per_step * static_cast<double>(c.steps);
    allocation_free = allocation_free && per_replication <= 4.0;
    std::printf("%-44s %10.2f %10.2f %8.2f %10.0f\n", c.name, timing.seconds_per_step * 1e9,
                floor * 1e9, timing.seconds_per_step / floor, per_replication);
    if (c.mode == mdp::DataMode::kSamples)
      std::printf(
          "%-44s %10.2f  (the update alone, on transitions drawn beforehand)\n", "",
          time_update_alone(scenario_text(c.axis, c.steps, c.env_text, c.agent), c.steps) * 1e9);
    if (c.steps == 64000)
      std::printf("%-44s %10.2f ms for the whole run (accumulate + one solve)\n", "",
                  timing.seconds_per_step * 64000 * 1e3);
  }
  std::printf("heap allocations per replication at most 4 (none per step): %s\n\n",
              allocation_free ? "yes" : "NO");

  std::printf("categorical draw, ns per draw (Boost alias = what the data source uses)\n");
  std::printf("%8s %12s %12s %12s\n", "size", "boost alias", "std::discr", "cdf scan");
  for (const std::size_t size : {2u, 7u, 50u, 1000u}) {
    std::vector<double> weights(size);
    Rng init(size);
    for (double& w : weights) w = 0.1 + uniform01(init);
    double sum = 0.0;
    for (const double w : weights) sum += w;
    std::vector<double> cdf(size);
    double running = 0.0;
    for (std::size_t i = 0; i < size; ++i) cdf[i] = (running += weights[i] / sum);
    boost::random::discrete_distribution<std::size_t, double> alias(weights.begin(), weights.end());
    std::discrete_distribution<std::size_t> standard(weights.begin(), weights.end());
    Rng rng(1);
    const long long draws = 20000000;
    const double boost_ns = nanos_per_draw(draws, [&] { return alias(rng); });
    const double std_ns = nanos_per_draw(draws, [&] { return standard(rng); });
    const double scan_ns = nanos_per_draw(draws, [&] {
      const double u = uniform01(rng);
      std::size_t i = 0;
      while (i + 1 < size && cdf[i] <= u) ++i;
      return i;
    });
    std::printf("%8zu %12.2f %12.2f %12.2f\n", size, boost_ns, std_ns, scan_ns);
  }
  return allocation_free ? 0 : 1;
}
