// The causal family as a user runs it: the same numbers for 1 and 2 threads, for
// a run killed and resumed, and for 2 shards merged (issue 8; the engine's
// guarantee holds for every family). A 6-node SEM with two change points, the
// five agents, 32 instances: 32 blocks, about 2 s on two cores.
#include <doctest/doctest.h>

#include <string>

#include "tests/support/family_run_checks.hpp"
#include "tests/support/run_helpers.hpp"

using banditsim::testing::run_command;

namespace {

const std::string kBinary = BANDITSIM_BINARY;

const char* kScenario = R"([run]
seed = 8
replications = 32
horizon = 1500
record_every = 100
[env]
kind = "linear_sem"
nodes = 6
change_points = [500, 1000]
[[agents]]
kind = "csl_ucb"
t_static = 200
[[agents]]
kind = "vanilla_ucb"
[[agents]]
kind = "golem_mab"
n_learn = 100
iterations = 2000
[[agents]]
kind = "linsem_ts"
[[agents]]
kind = "linsem_ucb"
)";

}  // namespace

TEST_CASE(
    "causal runs: threads, shards merged and a killed-and-resumed run give identical datasets") {
  banditsim::testing::check_threads_shards_resume(kBinary, kScenario, "cli-causal");
}

TEST_CASE(
    "describe: a family lists its components, step count and [run] keys; a final-only metric its "
    "one variable") {
  const auto family = run_command(kBinary + " describe causal");
  CHECK(family.exit_code == 0);
  for (const char* part : {"csl_ucb", "golem_mab", "linear_sem", "steps_to_structure", "horizon",
                           "optimal_window  integer, default 100", "alarm_window"})
    CHECK_MESSAGE(family.output.find(part) != std::string::npos, part);
  const auto metric = run_command(kBinary + " describe steps_to_structure");
  CHECK(metric.exit_code == 0);
  CHECK(metric.output.find("steps_to_structure_final (cell, agent, rep)") != std::string::npos);
  CHECK(metric.output.find("steps_to_structure_mean") == std::string::npos);  // no curve
  const auto curve = run_command(kBinary + " describe regret");
  CHECK(curve.output.find("regret_mean, regret_std") != std::string::npos);
}
