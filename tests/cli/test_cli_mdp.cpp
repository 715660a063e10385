// The mdp family as a user runs it: the same numbers for 1 and 2 threads, for 2
// shards merged and for a run killed and resumed (issue 9; the engine's guarantee
// holds for every family), on behaviour trajectories of Baird's MDP (two behaviour
// policies), with an online, a two-timescale and a batch agent.
// Bad input in a given MDP names file, line and key.
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
seed = 9
replications = 40
steps = 200000
record_every = 20000
[env]
kind = "baird"
[[agents]]
kind = "td0"
alpha = 0.001
initial_weights = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 10.0, 1.0]
[[agents]]
kind = "tdc"
alpha = 0.001
beta = 0.01
initial_weights = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 10.0, 1.0]
[[agents]]
kind = "lstd"
[[sweep]]
env.solid_probability = [0.14285714285714285, 0.3]
)";

}  // namespace

TEST_CASE("mdp runs: threads, shards merged and a killed-and-resumed run give identical datasets") {
  const auto dir = scratch_dir("cli-mdp");
  const auto scenario = dir / "mdp.toml";
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

TEST_CASE("mdp bad input: a given MDP's mistakes name file, line and key") {
  const auto dir = scratch_dir("cli-mdp-bad");
  const std::string head = "[run]\nreplications = 1\nsamples = 10\n[env]\nkind = \"finite_mdp\"\n";
  const std::string good_rest =
      "rewards = [[1.0], [0.0]]\nfeatures = [[1.0], [2.0]]\nbehaviour = [[1.0], [1.0]]\n"
      "target = [[1.0], [1.0]]\n[[agents]]\nkind = \"lstd\"\n";
  struct Case {
    std::string body, expected;
  };
  const Case cases[] = {
      {"transitions = [[[0.5, 0.4]], [[0.0, 1.0]]]\n" + good_rest,
       "bad.toml:6:15: env.transitions: finite_mdp: transitions[0][0] sums to 0.9"},
      {"transitions = [[[1.5, -0.5]], [[0.0, 1.0]]]\n" + good_rest,
       "bad.toml:6:15: env.transitions: entry [0][0][0] must be in [0, 1], got 1.5"},
      {"transitions = [[[0.5, 0.5]], [[0.0, 1.0]]]\ngamma = 1.0\n" + good_rest,
       "bad.toml:7:9: env.gamma:"},
      {"transitions = [[[0.5, 0.5]], [[0.0, 1.0]]]\nrewards = [[1.0], [0.0]]\n"
       "features = [[1.0], [2.0], [3.0]]\nbehaviour = [[1.0], [1.0]]\ntarget = [[1.0], [1.0]]\n"
       "[[agents]]\nkind = \"lstd\"\n",
       "bad.toml:8:12: env.features: finite_mdp: features has 3 rows"},
      {"transitions = [[[0.5, 0.5]], [[0.0, 1.0]]]\nrewards = [[1.0], [0.0]]\n"
       "features = [[1.0], [2.0]]\nbehaviour = [[1.0], [1.0]]\ntarget = [[0.5, 0.5], [1.0, 0.0]]\n"
       "[[agents]]\nkind = \"lstd\"\n",
       "bad.toml:10:10: env.target: finite_mdp: target"},
  };
  for (const Case& c : cases) {
    const auto file = dir / "bad.toml";
    std::ofstream(file) << head << c.body;
    const auto result = run_command(kBinary + " validate " + file.string());
    INFO(head << c.body << "\n---\n" << result.output);
    CHECK(result.exit_code == 2);
    CHECK(result.output.find(c.expected) != std::string::npos);
  }
}

TEST_CASE("describe mdp lists the step axes, agents, environments and metrics") {
  const auto family = run_command(kBinary + " describe mdp");
  CHECK(family.exit_code == 0);
  for (const char* part : {"steps", "samples", "iterations", "td0", "lstd", "etd", "baird",
                           "dial_chain", "finite_mdp", "mspbe", "chain_violations", "weights"})
    CHECK_MESSAGE(family.output.find(part) != std::string::npos, part);
  const auto agent = run_command(kBinary + " describe lstd");
  CHECK(agent.exit_code == 0);
  CHECK(agent.output.find("Bradtke") != std::string::npos);
}
