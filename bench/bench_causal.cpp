// Time per agent of the causal family on the stationary study's setting (see
// bench/README.md, "bench_causal").
//
//   build/bench_causal [--reps R] [--agent NAME]   (default: 10 instances, every agent)
//
// Each agent of scenarios/causal/stationary.toml runs alone on the same R random
// 10-node SEMs (T = 1500, 1024 actions; replications 0..R-1 of the same instance
// stream), one thread, through the family's CellRunner (the engine's own path).
// Prints the thread CPU time per instance of each agent and their sum: the
// study's CPU time per instance, which the 2-minute target for 100 instances on
// 2 cores bounds by 2.4 s.
#include <time.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "bench/thread_cpu_time.hpp"
#include "sim/families/families.hpp"
#include "sim/scenario/scenario.hpp"

namespace {

using namespace banditsim;

using bench::thread_cpu_seconds;

std::string scenario_text(const std::string& agent, int reps) {
  return "[run]\nseed = 2025\nreplications = " + std::to_string(reps) +
         "\nhorizon = 1500\nrecord_every = 100\n[env]\nkind = \"linear_sem\"\nnodes = 10\n"
         "[[agents]]\nkind = \"" +
         agent + "\"\n";
}

}  // namespace

int main(int argc, char** argv) {
  int reps = 10;
  std::vector<std::string> agents = {"csl_ucb", "vanilla_ucb", "golem_mab", "linsem_ts",
                                     "linsem_ucb"};
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--reps") == 0 && i + 1 < argc) {
      reps = std::atoi(argv[++i]);
    } else if (std::strcmp(argv[i], "--agent") == 0 && i + 1 < argc) {
      agents = {argv[++i]};  // one agent alone (for a profiler)
    } else {
      std::fprintf(stderr, "usage: bench_causal [--reps R] [--agent NAME]\n");
      return 2;
    }
  }
  std::printf("causal agents, N = 10, T = 1500, 1024 actions, %d instances, one thread\n", reps);
  std::printf("%-12s %14s %14s\n", "agent", "CPU s/inst", "steps/s");
  double total = 0.0;
  for (const std::string& agent : agents) {
    const Scenario scenario =
        parse_scenario(scenario_text(agent, reps), "bench.toml", {{}, ""}, builtin_families());
    const Family& family = *scenario.family;
    const Cell& cell = scenario.cells[0];
    const auto runner = scenario.prepared[0]->make_runner();
    const OutputLayout layout(family.metrics(), 1, cell.record_steps.size());
    std::vector<double> buffer(layout.size());
    ReplicationOutput output(layout, buffer);
    const double start = thread_cpu_seconds();
    for (int rep = 0; rep < reps; ++rep)
      runner->run_replication(static_cast<std::uint64_t>(rep), output);
    const double per_instance = (thread_cpu_seconds() - start) / reps;
    total += per_instance;
    std::printf("%-12s %14.4f %14.0f\n", agent.c_str(), per_instance, 1500.0 / per_instance);
  }
  std::printf("%-12s %14.4f   (x 100 instances / 2 cores = %.0f s of the 120 s target)\n",
              "all five", total, total * 100 / 2);
  return 0;
}
