// The causal family as a user runs it: the same numbers for 1 and 2 threads, for
// a run killed and resumed, and for 2 shards merged (issue 8; the engine's
// guarantee holds for every family). A 6-node SEM with two change points, the
// five agents, 32 instances: 32 blocks, about 2 s on two cores.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <csignal>

#include "tests/support/interrupted_run.hpp"
#include "tests/support/run_helpers.hpp"

using banditsim::testing::h5diff_datasets;
using banditsim::testing::interrupt_when_journaled;
using banditsim::testing::run_command;
using banditsim::testing::scratch_dir;

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
  const auto dir = scratch_dir("cli-causal");
  const auto scenario = dir / "causal.toml";
  std::ofstream(scenario) << kScenario;
  const std::string run = kBinary + " run " + scenario.string() + " --progress never";

  REQUIRE(run_command(run + " --threads 1 -o " + (dir / "one.h5").string()).exit_code == 0);
  REQUIRE(run_command(run + " --threads 2 -o " + (dir / "two.h5").string()).exit_code == 0);
  const auto threads = h5diff_datasets(dir / "one.h5", dir / "two.h5");
  INFO(threads.output);
  CHECK(threads.exit_code == 0);

  for (int i = 0; i < 2; ++i)
    REQUIRE(run_command(run + " -o " + (dir / "sharded.h5").string() + " --shard " +
                        std::to_string(i) + "/2")
                .exit_code == 0);
  REQUIRE(run_command(kBinary + " merge -o " + (dir / "sharded.h5").string() + " " +
                      (dir / "sharded.h5.shard-0-of-2").string() + " " +
                      (dir / "sharded.h5.shard-1-of-2").string())
              .exit_code == 0);
  const auto shards = h5diff_datasets(dir / "one.h5", dir / "sharded.h5");
  INFO(shards.output);
  CHECK(shards.exit_code == 0);

  // SIGTERM once the journal holds a few blocks, then --resume.
  const auto resumed = dir / "resumed.h5";
  interrupt_when_journaled(run + " -o " + resumed.string(), resumed.string() + ".partial", SIGTERM);
  REQUIRE_FALSE(std::filesystem::exists(resumed));  // stopped before the end
  REQUIRE(std::filesystem::exists(resumed.string() + ".partial"));
  REQUIRE(run_command(run + " -o " + resumed.string() + " --resume").exit_code == 0);
  const auto resume = h5diff_datasets(dir / "one.h5", resumed);
  INFO(resume.output);
  CHECK(resume.exit_code == 0);
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
