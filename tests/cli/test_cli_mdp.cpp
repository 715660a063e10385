// The mdp family as a user runs it: the same numbers for 1 and 2 threads, for 2
// shards merged and for a run killed and resumed (issue 9; the engine's guarantee
// holds for every family), on behaviour trajectories of Baird's MDP (two behaviour
// policies), with an online, a two-timescale and a batch agent.
// Bad input in a given MDP names file, line and key.
#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include "tests/support/family_run_checks.hpp"
#include "tests/support/run_helpers.hpp"

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
  banditsim::testing::check_threads_shards_resume(kBinary, kScenario, "cli-mdp");
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
