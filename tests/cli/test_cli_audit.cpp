// `banditsim audit` on the bandit family's private agent: dp_ucb's pull sequences on
// scenarios/bandit/dp_ucb_audit.toml stay below its epsilon, and the variant with its
// noise halved is caught (exit code 3).
#include <doctest/doctest.h>

#include <string>

#include "tests/support/run_helpers.hpp"

using banditsim::testing::run_command;

TEST_CASE("audit cli: dp_ucb passes and its halved-noise variant is a violation") {
  const std::string binary = BANDITSIM_BINARY;
  const std::string scenario =
      std::string(BANDITSIM_SOURCE_DIR) + "/scenarios/bandit/dp_ucb_audit.toml";
  const auto good =
      run_command(binary + " audit " + scenario + " --agent dp_ucb --runs 200000 --cases 2");
  CHECK(good.exit_code == 0);
  CHECK(good.output.find("outcome pull_sequence") != std::string::npos);
  CHECK(good.output.find("no violation found") != std::string::npos);
  // The design's worst case has log-ratio 2.6 for the broken variant against its claimed
  // 2 (the scenario's comments); 100000 certifying runs put the bound near 2.4.
  const auto broken =
      run_command(binary + " audit " + scenario + " --agent dp_ucb_broken --runs 200000 --cases 2");
  CHECK(broken.exit_code == 3);
  CHECK(broken.output.find("VIOLATION (the agent is not epsilon-DP)") != std::string::npos);
  // A label the scenario does not have is a usage error.
  const auto refused = run_command(binary + " audit " + scenario + " --agent ucb1");
  CHECK(refused.exit_code == 2);
}
