// The linear_query family as a user runs it (issue 11): the same numbers for 1 and 2
// threads, for 2 shards merged and for a run killed and resumed (the engine's guarantee
// holds for every family), with redrawn sphere instances, noise, a sampling agent (the
// Lasso) and a cached design (g_optimal_ls on E1); and `describe` states what is
// reconstructed.
#include <doctest/doctest.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>

#include "tests/support/interrupted_run.hpp"
#include "tests/support/run_helpers.hpp"

using banditsim::testing::h5diff_datasets;
using banditsim::testing::interrupt_when_journaled;
using banditsim::testing::run_command;
using banditsim::testing::scratch_dir;

namespace {

const std::string kBinary = BANDITSIM_BINARY;

const char* kScenario = R"([run]
seed = 17
replications = 60
budget = 3000
[env]
kind = "misspecified_linear"
actions = "sphere"
dim = 8
num_actions = 256
sparsity = 2
epsilon = 0.2
noise_sd = 0.05
redraw = true
[[agents]]
kind = "sparse_net_enum"
[[agents]]
kind = "g_optimal_ls"
[[agents]]
kind = "lasso_etc"
[[agents]]
kind = "exhaustive"
[[sweep]]
env.epsilon = [0.2, 0.3]
)";

}  // namespace

TEST_CASE(
    "linear_query runs: threads, shards merged and a killed-and-resumed run give identical "
    "datasets") {
  const auto dir = scratch_dir("cli-linear-query");
  const auto scenario = dir / "lq.toml";
  std::ofstream(scenario) << kScenario;
  const std::string run = kBinary + " run " + scenario.string() + " --progress never";

  const auto one = run_command(run + " --threads 1 -o " + (dir / "one.h5").string());
  INFO(one.output);
  REQUIRE(one.exit_code == 0);
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

  const auto resumed = dir / "resumed.h5";
  interrupt_when_journaled(run + " -o " + resumed.string(), resumed.string() + ".partial", SIGTERM);
  REQUIRE_FALSE(std::filesystem::exists(resumed));
  REQUIRE(std::filesystem::exists(resumed.string() + ".partial"));
  REQUIRE(run_command(run + " -o " + resumed.string() + " --resume").exit_code == 0);
  const auto resume = h5diff_datasets(dir / "one.h5", resumed);
  INFO(resume.output);
  CHECK(resume.exit_code == 0);
}

TEST_CASE("describe marks the linear_query reconstructions") {
  const auto family = run_command(kBinary + " describe linear_query");
  CHECK(family.exit_code == 0);
  CHECK(family.output.find("reconstructions") != std::string::npos);
  const auto sparse = run_command(kBinary + " describe sparse_net_enum");
  CHECK(sparse.exit_code == 0);
  CHECK(sparse.output.find("reconstruction") != std::string::npos);
  const auto env = run_command(kBinary + " describe misspecified_linear");
  CHECK(env.output.find("Our design") != std::string::npos);
}
