// The dp_bai family as a user meets it: `describe dp_bai` shows the agent's
// parameters with their origin (the paper's, reconstruction, ours) and then the
// family; 1 and 2 threads and 2 merged shards give the same file; a linear
// instance whose means leave [0, 1] is refused naming file, line, key and arm.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/support/run_helpers.hpp"

using banditsim::testing::h5diff_datasets;
using banditsim::testing::run_command;
using banditsim::testing::scratch_dir;

namespace {

const std::string kBinary = BANDITSIM_BINARY;

const char* kScenario = R"([run]
seed = 21
replications = 300
budget = 256
[env]
kind = "bai_linear"
instance = "B"
[[agents]]
kind = "dp_bai"
[[agents]]
kind = "dp_od"
[[agents]]
kind = "od_linbai"
[[sweep]]
mode = "zip"
agents.dp_bai.epsilon = [0.1, 1.0]
agents.dp_od.epsilon = [0.1, 1.0]
)";

}  // namespace

TEST_CASE(
    "dp_bai cli: describe dp_bai shows the agent's parameters with their origin, then the family") {
  const auto result = run_command(kBinary + " describe dp_bai");
  CHECK(result.exit_code == 0);
  const std::string& out = result.output;
  CHECK(out.find("dp_bai (agent, family dp_bai)") != std::string::npos);
  CHECK(out.find("epsilon  real, default inf, > 0; origin: the paper's") != std::string::npos);
  CHECK(out.find("origin: reconstruction") != std::string::npos);
  CHECK(out.find("cap_factor") != std::string::npos);
  CHECK(out.find("origin: ours") != std::string::npos);
  CHECK(out.find("family dp_bai") != std::string::npos);
  CHECK(out.find("dp_bai (agent") < out.find("family dp_bai"));
}

TEST_CASE("dp_bai cli: threads and merged shards give identical datasets") {
  const auto dir = scratch_dir("cli-dp-bai");
  const auto scenario = dir / "bai.toml";
  std::ofstream(scenario) << kScenario;
  const std::string run = kBinary + " run " + scenario.string() + " --force";
  REQUIRE(run_command(run + " --threads 1 -o " + (dir / "one.h5").string()).exit_code == 0);
  REQUIRE(run_command(run + " --threads 2 -o " + (dir / "two.h5").string()).exit_code == 0);
  CHECK(h5diff_datasets(dir / "one.h5", dir / "two.h5").exit_code == 0);
  for (int i = 0; i < 2; ++i)
    REQUIRE(run_command(run + " -o " + (dir / "merged.h5").string() + " --shard " +
                        std::to_string(i) + "/2")
                .exit_code == 0);
  REQUIRE(run_command(kBinary + " merge -o " + (dir / "merged.h5").string() + " " +
                      (dir / "merged.h5.shard-0-of-2").string() + " " +
                      (dir / "merged.h5.shard-1-of-2").string())
              .exit_code == 0);
  CHECK(h5diff_datasets(dir / "one.h5", dir / "merged.h5").exit_code == 0);
}

TEST_CASE("dp_bai cli: means outside 0 to 1 name file, line, key and arm") {
  const auto dir = scratch_dir("cli-dp-bai-bad");
  const auto scenario = dir / "bad.toml";
  std::ofstream(scenario) << "[run]\nseed = 1\nreplications = 2\nbudget = 100\n[env]\n"
                             "kind = \"bai_linear\"\narms = [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]\n"
                             "theta = [0.7, 0.6]\n[[agents]]\nkind = \"dp_bai\"\n";
  const auto result = run_command(kBinary + " run " + scenario.string());
  CHECK(result.exit_code != 0);
  CHECK(result.output.find("bad.toml:8") != std::string::npos);
  CHECK(result.output.find("env.theta") != std::string::npos);
  CHECK(result.output.find("arm 2") != std::string::npos);
}

TEST_CASE("dp_bai cli: audit finds no violation in dp_bai and one in the broken variant") {
  const std::string scenario = std::string(BANDITSIM_SOURCE_DIR) + "/scenarios/dp_bai/audit.toml";
  const auto good = run_command(kBinary + " audit " + scenario + " --agent dp_bai --runs 20000");
  CHECK(good.exit_code == 0);
  CHECK(good.output.find("no violation found") != std::string::npos);
  CHECK(good.output.find("worst: x[0][0] = 0 vs 1") != std::string::npos);
  // Every agent: od_linbai is skipped as not private, the broken one is caught (exit 3).
  const auto all = run_command(kBinary + " audit " + scenario + " --runs 20000 --cases 1");
  CHECK(all.exit_code == 3);
  CHECK(all.output.find("od_linbai: skipped") != std::string::npos);
  CHECK(all.output.find("VIOLATION (the agent is not epsilon-DP)") != std::string::npos);
  const auto refused = run_command(kBinary + " audit " + scenario + " --agent od_linbai");
  CHECK(refused.exit_code == 2);
  CHECK(refused.output.find("not private") != std::string::npos);
  const auto help = run_command(kBinary + " audit --help");
  CHECK(help.exit_code == 0);
  CHECK(help.output.find("Clopper-Pearson") != std::string::npos);
}
